"""The HTTP server and :class:`FakeStripe`, the object tests and the demo hold.

URL map:

* ``/v1/...``        - the Stripe API (:mod:`.api`)
* ``/c/pay/{id}``    - hosted Checkout page (:mod:`.pages`)
* ``/p/session/{id}``- hosted billing portal page
* ``/i/{id}``        - hosted invoice page (an invoice's ``hosted_invoice_url``)
* ``/_fake/``        - HTML control dashboard; ``/_fake/...`` JSON test controls (:mod:`.control`)
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote, urlsplit

import stripe

from . import api, pages
from .control import dispatch_control
from .driver import Driver
from .errors import StripeError
from .params import merge, parse_body, parse_form
from .state import State
from .webhooks import DEFAULT_SECRET, WebhookDispatcher, WebhookTarget

log = logging.getLogger(__name__)

DEFAULT_API_KEY = "sk_test_fake_stripe"
DEFAULT_WEBHOOK_SECRET = DEFAULT_SECRET


class FakeStripe(Driver):
    """A running fake Stripe: ``/v1`` API, hosted pages, test controls, webhooks.

    >>> fake = FakeStripe().start()
    >>> client = fake.client()            # a real stripe.StripeClient aimed at the fake
    >>> fake.stop()

    All the :class:`~.control.Driver` methods (``pay_checkout_session``,
    ``renew_subscription``, ``deliver_pending``, ``advance_clock``...) are available.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        public_url: str | None = None,
        webhook_url: WebhookTarget | None = None,
        webhook_secret: str = DEFAULT_WEBHOOK_SECRET,
        delivery: str = "manual",
        webhook_delay: float = 0.0,
        api_key: str = DEFAULT_API_KEY,
    ) -> None:
        super().__init__(State(), WebhookDispatcher(webhook_secret))
        self.host = host
        self.port = port
        self.api_key = api_key
        self._public_url = public_url.rstrip("/") if public_url else None
        self._webhook_defaults: dict[str, Any] = {
            "url": webhook_url,
            "secret": webhook_secret,
            "mode": delivery,
            "delay": webhook_delay,
            "enabled_events": ["*"],
        }
        self.configure_webhooks(**self._webhook_defaults)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def _bind(self) -> ThreadingHTTPServer:
        server = _Server((self.host, self.port), _Handler)
        server.fake = self
        self.port = server.server_address[1]
        self.state.public_url = self.public_url
        self._server = server
        return server

    def start(self) -> FakeStripe:
        """Listen (on a free port unless one was given) in a daemon thread."""
        server = self._bind()
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="fake-stripe", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Listen in the current thread until interrupted (the CLI uses this)."""
        server = self._bind()
        try:
            server.serve_forever()
        finally:
            server.server_close()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self.webhooks.join(timeout=2)

    def __enter__(self) -> FakeStripe:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget every object, event, idempotency key and fault; reset the clock and the
        webhook configuration to what the constructor was given."""
        super().reset()
        self.webhooks.target = None
        self.configure_webhooks(**self._webhook_defaults)

    # -- addresses ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """Where the API listens, e.g. ``http://127.0.0.1:54321`` (no trailing slash)."""
        return f"http://{self.host}:{self.port}"

    @property
    def public_url(self) -> str:
        """The base of the hosted pages' URLs (Checkout ``url``, portal ``url``)."""
        return self._public_url or self.base_url

    def client(
        self, *, api_key: str | None = None, max_network_retries: int = 0, **options: Any
    ) -> stripe.StripeClient:
        """A real ``stripe.StripeClient`` pointed at this fake."""
        return stripe.StripeClient(
            self.api_key if api_key is None else api_key,
            base_addresses={
                "api": self.base_url,
                "files": self.base_url,
                "connect": self.base_url,
                "meter_events": self.base_url,
            },
            max_network_retries=max_network_retries,
            **options,
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeStripe

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up (and injected dropped responses) are routine here.
        log.debug("error serving %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "fake-stripe"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # -- plumbing -----------------------------------------------------------------------------

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache, no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _send_json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(data, indent=2).encode("utf-8")
        self._send(status, body, "application/json", headers)

    def _send_page(self, page: pages.Page) -> None:
        if page.location is not None:
            self._send(303, b"", "text/html; charset=utf-8", {"Location": page.location})
        else:
            self._send(page.status, page.body.encode("utf-8"), "text/html; charset=utf-8")

    def _handle(self, method: str) -> None:
        fake = self.server.fake
        url = urlsplit(self.path)
        path = url.path
        try:
            body = self._read_body()
            query = parse_form(url.query)
            params = merge(query, parse_body(body, self.headers.get("Content-Type")))
        except StripeError as error:
            self._send_json(error.status, error.body())
            return
        if path.startswith("/v1/"):
            self._api(fake, method, path, params)
        elif path.startswith("/c/pay/"):
            session_id = path.removeprefix("/c/pay/")
            if method == "POST":
                self._send_page(pages.checkout_post(fake, session_id, params))
            else:
                self._send_page(pages.checkout_page(fake, session_id))
        elif path.startswith("/i/"):
            invoice_id = path.removeprefix("/i/")
            if method == "POST":
                self._send_page(pages.invoice_post(fake, invoice_id, params))
            else:
                self._send_page(pages.invoice_page(fake, invoice_id, params.get("done")))
        elif path.startswith("/p/session/"):
            portal_id = path.removeprefix("/p/session/")
            if method == "POST":
                self._send_page(pages.portal_post(fake, portal_id, params))
            else:
                self._send_page(pages.portal_page(fake, portal_id, params.get("done")))
        elif path in ("/_fake", "/_fake/") and method == "GET":
            self._send_page(pages.dashboard_page(fake, params.get("message")))
        elif path.startswith("/_fake/"):
            self._control(fake, method, path, params)
        elif path == "/" and method == "GET":
            self._send_page(pages.index_page())
        else:
            self._send_json(
                404, StripeError(f"Unrecognized request URL ({method}: {path}).", status=404).body()
            )

    def _api(self, fake: FakeStripe, method: str, path: str, params: dict[str, Any]) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        response = api.dispatch(
            fake.state,
            method=method,
            path=path,
            params=params,
            headers=headers,
            public_url=fake.public_url,
        )
        queued = fake.webhooks.queues_events
        if queued:
            # Manual mode: queue before answering, so the caller sees the events at once.
            fake.webhooks.dispatch(response.events)
        if response.drop_connection:
            # Simulate a response lost on the network: close without a status line.
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        else:
            self._send_json(response.status, response.body, response.headers)
        if not queued:
            # Deliveries go out after the response (see webhooks.py for why).
            fake.webhooks.dispatch(response.events)

    def _control(self, fake: FakeStripe, method: str, path: str, params: dict[str, Any]) -> None:
        redirect = params.pop("redirect", None)
        status, data = dispatch_control(fake, method, path, params)
        if redirect and method == "POST" and str(redirect).startswith("/_fake"):
            # Dashboard forms: back to the page, with the outcome as a message.
            message = "Done." if status == 200 else data.get("error", {}).get("message", "Failed.")
            location = f"{redirect}?message={quote(message)}"
            self._send(303, b"", "text/html; charset=utf-8", {"Location": location})
            return
        self._send_json(status, data)
