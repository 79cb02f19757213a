"""The Python test driver: everything "Stripe" does on its own, on demand.

Everything a test (or a person clicking around the demo) might want "Stripe" to do by
itself - a customer paying, a renewal failing, a bank transfer settling, time passing,
webhooks arriving late, twice or out of order - is a :class:`Driver` method.
:class:`~.server.FakeStripe` is a Driver; :mod:`.control` exposes the same methods as
``/_fake/...`` HTTP endpoints and :mod:`.pages` calls them from the hosted pages' buttons.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TypeVar

from . import billing, checkout, scheduler
from .errors import invalid_request
from .state import Fault, State, StripeObject
from .webhooks import Delivery, WebhookDispatcher, WebhookTarget, sign_payload

T = TypeVar("T")


def _type_filter(event_type: str | None) -> Callable[[StripeObject], bool]:
    """``"invoice.paid"`` matches exactly; ``"invoice.*"`` matches a prefix."""
    if event_type is None:
        return lambda event: True
    if event_type.endswith("*"):
        prefix = event_type[:-1]
        return lambda event: event["type"].startswith(prefix)
    return lambda event: event["type"] == event_type


class Driver:
    """State-changing test controls shared by :class:`~.server.FakeStripe` and ``/_fake``."""

    def __init__(self, state: State, webhooks: WebhookDispatcher) -> None:
        self.state = state
        self.webhooks = webhooks

    def _run(self, action: Callable[[], T]) -> T:
        """Run ``action`` under the state lock, then hand its events to the webhook
        dispatcher (outside the lock: receivers may call back into the fake)."""
        error: BaseException | None = None
        with self.state.lock:
            try:
                result = copy.deepcopy(action())
            except BaseException as exc:  # events recorded before a failure still go out
                error = exc
            events = self.state.drain_outbox()
        self.webhooks.dispatch(events)
        if error is not None:
            raise error
        return result

    def reset(self) -> None:
        """Forget every object, event, idempotency key and fault; reset the clock."""
        self.webhooks.reset()
        with self.state.lock:
            self.state.reset()

    # -- reading state ----------------------------------------------------------------

    def get(self, object_id: str) -> StripeObject:
        """A copy of any stored object (customer, subscription, invoice, event...)."""
        with self.state.lock:
            obj = self.state.get(object_id)
            if obj is None:
                raise KeyError(object_id)
            return copy.deepcopy(obj)

    def objects(self, kind: str) -> list[StripeObject]:
        """Copies of all objects whose ``object`` is ``kind``, newest first."""
        with self.state.lock:
            return copy.deepcopy(self.state.all(kind))

    def now(self) -> int:
        return self.state.now()

    # -- customers paying ---------------------------------------------------------------

    def pay_checkout_session(
        self,
        session_id: str,
        *,
        outcome: str = "paid",
        email: str | None = None,
        name: str | None = None,
    ) -> StripeObject:
        """Do what the hosted page's buttons do.  ``outcome``: ``paid``, ``delayed``
        (bank transfer, payment mode) or ``declined`` (raises a 402 ``card_declined``
        :class:`~.errors.StripeError`; nothing changes).  ``email`` is required when the
        session has neither a customer nor ``customer_email``."""

        def action() -> StripeObject:
            session = self.state.require(session_id, "checkout.session", "session")
            return checkout.complete_checkout(
                self.state, session, outcome=outcome, email=email, name=name
            )

        return self._run(action)

    def settle_payment(self, session_id: str, *, succeeded: bool = True) -> StripeObject:
        """Settle a ``delayed`` Checkout payment: async_payment_succeeded / _failed."""

        def action() -> StripeObject:
            session = self.state.require(session_id, "checkout.session", "session")
            return checkout.settle_delayed_payment(self.state, session, succeeded=succeeded)

        return self._run(action)

    def expire_checkout_session(self, session_id: str) -> StripeObject:
        def action() -> StripeObject:
            session = self.state.require(session_id, "checkout.session", "session")
            return checkout.expire_checkout_session(self.state, session)

        return self._run(action)

    # -- subscriptions over time ----------------------------------------------------------

    def _subscription(self, subscription_id: str) -> StripeObject:
        return self.state.require(subscription_id, "subscription", "subscription")

    def renew_subscription(
        self, subscription_id: str, *, outcome: str | None = None
    ) -> StripeObject:
        """Bill the next period now.  ``outcome``: ``paid`` (default, or whatever
        :meth:`set_next_renewal_outcome` chose), ``failed``, ``requires_action``."""
        return self._run(
            lambda: billing.renew_subscription(
                self.state, self._subscription(subscription_id), outcome
            )
        )

    def fail_renewal(self, subscription_id: str) -> StripeObject:
        """Renew with a declined card: invoice.payment_failed, status ``past_due``."""
        return self.renew_subscription(subscription_id, outcome="failed")

    def require_authentication(self, subscription_id: str) -> StripeObject:
        """Renew with a card needing 3-D Secure: invoice.payment_action_required,
        status ``past_due``."""
        return self.renew_subscription(subscription_id, outcome="requires_action")

    def set_next_renewal_outcome(self, subscription_id: str, outcome: str) -> None:
        """Choose how the next renewal (e.g. one triggered by :meth:`advance_clock`) goes."""
        if outcome not in billing.RENEWAL_OUTCOMES:
            raise invalid_request(f"Invalid outcome: must be one of {billing.RENEWAL_OUTCOMES}")
        with self.state.lock:
            self._subscription(subscription_id)
            self.state.next_renewal_outcome[subscription_id] = outcome

    def pay_invoice(self, invoice_id: str) -> StripeObject:
        """Pay an open invoice with a working card (the portal's "Update card")."""
        return self._run(
            lambda: billing.pay_invoice(
                self.state, self.state.require(invoice_id, "invoice", "invoice")
            )
        )

    def update_card(self, subscription_id: str) -> StripeObject:
        """The portal's "Update card": pays the latest invoice if it is open."""

        def action() -> StripeObject:
            subscription = self._subscription(subscription_id)
            invoice = self.state.get(subscription["latest_invoice"] or "", "invoice")
            if invoice is not None and invoice["status"] == "open":
                billing.pay_invoice(self.state, invoice)
            return subscription

        return self._run(action)

    def cancel_subscription(
        self, subscription_id: str, *, at_period_end: bool = False
    ) -> StripeObject:
        """The portal's "Cancel at period end" / "Cancel immediately"."""

        def action() -> StripeObject:
            subscription = self._subscription(subscription_id)
            if at_period_end:
                return billing.set_cancel_at_period_end(self.state, subscription, True)
            return billing.cancel_subscription(self.state, subscription)

        return self._run(action)

    def undo_cancellation(self, subscription_id: str) -> StripeObject:
        """The portal's "Don't cancel" for a subscription set to cancel at period end."""
        return self._run(
            lambda: billing.set_cancel_at_period_end(
                self.state, self._subscription(subscription_id), False
            )
        )

    def advance_clock(
        self, seconds: int = 0, *, minutes: int = 0, hours: int = 0, days: int = 0
    ) -> int:
        """Move time forward, running renewals, period-end cancellations and session
        expiry that fall due on the way.  Returns the new fake time."""
        total = seconds + 60 * minutes + 3600 * hours + 86400 * days
        return self._run(lambda: scheduler.advance_clock(self.state, total))

    # -- failures on the wire -------------------------------------------------------------

    def fail_next_request(
        self,
        status: int = 500,
        *,
        method: str | None = None,
        path: str | None = None,
        count: int = 1,
    ) -> None:
        """The next ``count`` matching ``/v1`` requests fail with ``status`` without
        any effect (stripe-python retries 5xx when ``max_network_retries`` > 0)."""
        with self.state.lock:
            self.state.faults += [Fault("error", status, method, path) for _ in range(count)]

    def drop_next_response(
        self, *, method: str | None = None, path: str | None = None, count: int = 1
    ) -> None:
        """The next ``count`` matching ``/v1`` requests take effect but their connection
        is closed before the response: a retry with the same ``Idempotency-Key`` must
        replay, not repeat."""
        with self.state.lock:
            self.state.faults += [Fault("drop", 0, method, path) for _ in range(count)]

    # -- events and webhooks ----------------------------------------------------------------

    def configure_webhooks(
        self,
        *,
        url: WebhookTarget | None = None,
        secret: str | None = None,
        mode: str | None = None,
        delay: float | None = None,
        enabled_events: list[str] | None = None,
    ) -> None:
        """Set the endpoint (URL or callable ``(body, headers)``), signing secret,
        delivery mode (``manual`` / ``immediate`` / ``delayed``), delay and the event
        types it receives (``enabled_events``, as on a Stripe endpoint; ``["*"]`` = all)."""
        self.webhooks.configure(
            target=url, secret=secret, mode=mode, delay=delay, enabled_events=enabled_events
        )
        with self.state.lock:
            self.state.webhook_endpoints = 1 if self.webhooks.target is not None else 0

    @property
    def webhook_secret(self) -> str:
        return self.webhooks.secret

    @property
    def deliveries(self) -> list[Delivery]:
        return list(self.webhooks.deliveries)

    def events(self, type: str | None = None) -> list[StripeObject]:
        """Every event recorded so far, oldest first (``type`` may end in ``*``)."""
        keep = _type_filter(type)
        with self.state.lock:
            return [copy.deepcopy(e) for e in self.state.events if keep(e)]

    def pending_events(self, type: str | None = None) -> list[StripeObject]:
        """Events not yet delivered (manual mode), oldest first."""
        keep = _type_filter(type)
        return [copy.deepcopy(e) for e in list(self.webhooks.pending) if keep(e)]

    def discard_pending(self) -> None:
        self.webhooks.pending.clear()

    def _event(self, event: StripeObject | str) -> StripeObject:
        event_id = event if isinstance(event, str) else event["id"]
        with self.state.lock:
            return copy.deepcopy(self.state.require(event_id, "event"))

    def deliver(
        self,
        event: StripeObject | str,
        *,
        to: WebhookTarget | None = None,
        secret: str | None = None,
        timestamp: int | None = None,
    ) -> Delivery:
        """Sign and deliver one event (object or id) now, to ``to`` or the configured
        endpoint.  Another ``secret`` or an old ``timestamp`` forge bad deliveries."""
        return self.webhooks.deliver(self._event(event), to=to, secret=secret, timestamp=timestamp)

    def deliver_pending(
        self,
        *,
        to: WebhookTarget | None = None,
        type: str | None = None,
        reverse: bool = False,
        duplicate: bool = False,
        delay: float | None = None,
    ) -> list[Delivery]:
        """Deliver queued events: all (or those matching ``type``), oldest first or
        ``reverse``d, each twice if ``duplicate``; with ``delay`` seconds, later from a
        background thread (``fake.webhooks.join()`` waits for it)."""
        types = None
        if type is not None:
            types = {e["type"] for e in self.pending_events(type)}
        return self.webhooks.deliver_pending(
            to=to, types=types, reverse=reverse, duplicate=duplicate, delay=delay
        )

    def signed_event(
        self, event: StripeObject | str, *, secret: str | None = None, timestamp: int | None = None
    ) -> tuple[bytes, dict[str, str]]:
        """``(body, headers)`` of the event signed like a Stripe delivery, for posting
        with any HTTP client (e.g. Django's test client)."""
        return sign_payload(self._event(event), secret or self.webhooks.secret, timestamp)
