"""Signing and delivering webhook events exactly as Stripe does.

Stripe POSTs the event JSON with a ``Stripe-Signature: t=<unix time>,v1=<hex>`` header,
where ``v1`` is ``HMAC-SHA256(endpoint_secret, f"{t}.{body}")``; ``stripe.Webhook.
construct_event`` recomputes it and rejects timestamps older than 5 minutes.
Signatures use the *real* time (not the fake clock), because the receiving app checks
them against its own clock.

Delivery modes:

* ``manual`` (tests): events queue up in :attr:`WebhookDispatcher.pending`; the test
  decides when, in what order, how often and to where they are delivered.
* ``immediate`` (the demo): each event is POSTed synchronously right after the state
  change that caused it - for hosted-page buttons and test controls *before* their
  response (so the app has processed ``checkout.session.completed`` by the time the
  browser reaches ``success_url``), for ``/v1`` API calls right *after* the response is
  sent (so an app holding a database transaction around its Stripe call cannot deadlock
  with its own webhook handler).  Failed deliveries are retried a few times.
* ``delayed``: like immediate but from a background thread after ``delay`` seconds
  (to see an app's "payment processing..." state).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger(__name__)

StripeEvent = dict[str, Any]
# A URL, or a callable taking (body bytes, headers) - e.g. a Django test client poster.
WebhookTarget = str | Callable[[bytes, dict[str, str]], Any]
MODES = ("manual", "immediate", "delayed")
USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"
RETRY_DELAYS = (1.0, 5.0, 15.0)
DEFAULT_SECRET = "whsec_test_fake_stripe"


def signature_header(payload: bytes | str, secret: str, timestamp: int) -> str:
    """The ``Stripe-Signature`` header value for ``payload`` signed at ``timestamp``."""
    text = payload.decode("utf-8") if isinstance(payload, bytes) else payload
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp}.{text}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_body(event: StripeEvent) -> bytes:
    """Events are sent pretty-printed, like Stripe's."""
    return json.dumps(event, indent=2).encode("utf-8")


def sign_payload(
    payload: StripeEvent | bytes | str, secret: str, timestamp: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """``(body, headers)`` for POSTing ``payload`` as Stripe would, signed with ``secret``.

    Pass an old ``timestamp`` to forge a stale delivery, or another secret to forge a
    bad signature.
    """
    if isinstance(payload, dict):
        body = event_body(payload)
    elif isinstance(payload, str):
        body = payload.encode("utf-8")
    else:
        body = payload
    timestamp = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Stripe-Signature": signature_header(body, secret, timestamp),
        "User-Agent": USER_AGENT,
    }
    return body, headers


@dataclasses.dataclass
class Delivery:
    """One attempt to deliver an event."""

    event_id: str
    event_type: str
    target: str
    status: int | None
    error: str | None = None
    response: Any = None  # what a callable target returned (e.g. a Django response)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def _describe(target: WebhookTarget) -> str:
    return target if isinstance(target, str) else getattr(target, "__name__", repr(target))


def post(
    target: WebhookTarget, body: bytes, headers: dict[str, str]
) -> tuple[int | None, str | None, Any]:
    """Send one signed body; returns ``(status, error, callable_result)``."""
    if not isinstance(target, str):
        result = target(body, headers)
        status = getattr(result, "status_code", result if isinstance(result, int) else 200)
        return status, None, result
    request = urllib.request.Request(target, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, None, None
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")[:500], None
    except (urllib.error.URLError, OSError) as error:
        return None, str(error), None


class WebhookDispatcher:
    """Holds the webhook endpoint configuration, the manual-mode queue and a log."""

    def __init__(self, secret: str = DEFAULT_SECRET) -> None:
        self.target: WebhookTarget | None = None
        self.secret = secret
        self.mode = "manual"
        self.delay = 0.0
        # Like a Stripe webhook endpoint's enabled_events: "*" (all), exact types, or
        # "prefix.*".  Events of other types are never sent to (or queued for) it.
        self.enabled_events: list[str] = ["*"]
        self.pending: list[StripeEvent] = []
        self.deliveries: list[Delivery] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._cancel = threading.Event()

    def configure(
        self,
        *,
        target: WebhookTarget | None = None,
        secret: str | None = None,
        mode: str | None = None,
        delay: float | None = None,
        enabled_events: Iterable[str] | None = None,
    ) -> None:
        if mode is not None and mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        with self._lock:
            if target is not None:
                self.target = target
            if secret is not None:
                self.secret = secret
            if mode is not None:
                self.mode = mode
            if delay is not None:
                self.delay = delay
            if enabled_events is not None:
                self.enabled_events = list(enabled_events) or ["*"]

    def reset(self) -> None:
        """Forget queued events and the delivery log, and cancel scheduled deliveries
        and retries (without waiting for them)."""
        with self._lock:
            self._cancel.set()
            self._cancel = threading.Event()
            self._threads.clear()
            self.pending.clear()
            self.deliveries.clear()

    # -- called by the server after each state change ----------------------------------

    @property
    def queues_events(self) -> bool:
        """True when :meth:`dispatch` only queues (manual mode, or no endpoint yet)."""
        return self.mode == "manual" or self.target is None

    def is_enabled(self, event_type: str) -> bool:
        return any(
            pattern == "*"
            or pattern == event_type
            or (pattern.endswith(".*") and event_type.startswith(pattern[:-1]))
            for pattern in self.enabled_events
        )

    def dispatch(self, events: list[StripeEvent]) -> None:
        events = [event for event in events if self.is_enabled(event["type"])]
        if not events:
            return
        if self.queues_events:
            # Without an endpoint, events still queue, so a test can deliver them anywhere.
            with self._lock:
                self.pending.extend(events)
        elif self.mode == "immediate":
            for event in events:
                self._deliver_retrying(event)
        else:
            self._later(self.delay, lambda: [self._deliver_retrying(event) for event in events])

    def _deliver_retrying(self, event: StripeEvent, attempt: int = 0) -> None:
        """Automatic deliveries are retried a few times in the background, as Stripe
        retries failed deliveries (for days; here for ~20 seconds)."""
        target = self.target
        if target is None:
            return
        delivery = self.deliver(event, to=target)
        if not delivery.ok and attempt < len(RETRY_DELAYS):
            self._later(RETRY_DELAYS[attempt], lambda: self._deliver_retrying(event, attempt + 1))

    def _later(self, delay: float, action: Callable[[], Any]) -> threading.Thread:
        cancel = self._cancel

        def run() -> None:
            if not cancel.wait(delay):  # a reset() in the meantime cancels the delivery
                action()

        thread = threading.Thread(target=run, name="fake-stripe-webhook", daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return thread

    def join(self, timeout: float = 30.0) -> None:
        """Wait for background (delayed) deliveries to finish."""
        deadline = time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(max(0.0, deadline - time.monotonic()))

    # -- the test driver's API ---------------------------------------------------------

    def deliver(
        self,
        event: StripeEvent,
        *,
        to: WebhookTarget | None = None,
        secret: str | None = None,
        timestamp: int | None = None,
    ) -> Delivery:
        """Sign and send one event now (removing it from the manual queue)."""
        target = to if to is not None else self.target
        if target is None:
            raise RuntimeError("no webhook target: configure one or pass to=URL-or-callable")
        with self._lock:
            self.pending = [p for p in self.pending if p["id"] != event["id"]]
        body, headers = sign_payload(event, secret or self.secret, timestamp)
        status, error, result = post(target, body, headers)
        delivery = Delivery(event["id"], event["type"], _describe(target), status, error, result)
        if not delivery.ok:
            log.warning("webhook %s %s -> %s %s", event["type"], event["id"], status, error or "")
        with self._lock:
            self.deliveries.append(delivery)
        return delivery

    def deliver_pending(
        self,
        *,
        to: WebhookTarget | None = None,
        types: Iterable[str] | None = None,
        reverse: bool = False,
        duplicate: bool = False,
        delay: float | None = None,
        secret: str | None = None,
        timestamp: int | None = None,
    ) -> list[Delivery]:
        """Deliver the queued events (optionally only some ``types``), oldest first, or
        ``reverse``d, each twice if ``duplicate``.  With ``delay`` the deliveries happen
        in a background thread after that many seconds and ``[]`` is returned at once
        (call :meth:`join` to wait)."""
        with self._lock:
            wanted = set(types) if types is not None else None
            batch = [e for e in self.pending if wanted is None or e["type"] in wanted]
        if reverse:
            batch.reverse()
        if duplicate:
            batch = [event for event in batch for _ in range(2)]

        def send() -> list[Delivery]:
            return [
                self.deliver(event, to=to, secret=secret, timestamp=timestamp) for event in batch
            ]

        if delay:
            with self._lock:  # claimed now, so a second deliver_pending does not resend them
                claimed = {event["id"] for event in batch}
                self.pending = [p for p in self.pending if p["id"] not in claimed]
            self._later(delay, send)
            return []
        return send()
