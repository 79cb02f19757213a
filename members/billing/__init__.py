"""Billing: the one door to Stripe, the webhook endpoint and the log of Stripe events.

How other features plug in
==========================

Talking to Stripe
    Only `members.billing.gateway` imports `stripe`. Build a client with
    `gateway.stripe_client()` (API key, API base address and retry count come from
    settings, so the same code talks to the real Stripe or the offline fake) and
    catch `gateway.StripeError`. Give every creating call a deterministic idempotency
    key built by `gateway.idempotency_key(...)` from what makes the request unique,
    so a double click or a network retry replays the first answer instead of making
    a second session::

        from members.billing import gateway

        session = gateway.stripe_client().v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "line_items": [...],
                "success_url": ..., "cancel_url": ...,
                "metadata": {"newsroom_kind": "gift", "gift_id": str(gift.pk)},
            },
            options={"idempotency_key": gateway.idempotency_key("gift-checkout", gift.pk)},
        )

    Mark every Checkout Session with `metadata={"newsroom_kind": "<feature>"}`
    (memberships use "membership", gifts "gift"); handlers ignore other kinds.

Reacting to webhooks
    Stripe posts to `/stripe/webhook/` (`members:stripe-webhook`). The endpoint
    verifies the signature, records each event id once (`StripeEvent`) and calls
    every handler registered for the event's type, inside one transaction::

        # members/<concept>/handlers.py
        from members.billing.webhooks import RetryLater, webhook_handler

        @webhook_handler("checkout.session.completed")
        def gift_checkout_completed(event: dict) -> str | None:
            session = event["data"]["object"]
            if session["metadata"].get("newsroom_kind") != "gift":
                return None  # not mine
            ...
            return "gift 12 paid"  # a short note shown in the admin

    Add the module to `HANDLER_MODULES` in members/apps.py (imported in
    `MembersConfig.ready()`); `webhooks.handled_event_types()` then lists your types
    (the endpoint's enabled events in Stripe, see the README). Return None for
    events that are not yours, a short note otherwise. Raise `RetryLater` only when
    the event cannot be processed *now* (Stripe unreachable, a row locked): the
    endpoint then answers 503 and Stripe delivers the event again later. Any other
    exception is recorded on the event (status "failed") and answered with 500.
    Handlers must be idempotent: an event can be delivered twice, late, or out of
    order, and staff can reprocess it from the admin. Send emails with
    `newsroom.emails.email_send`, which queues them after the transaction commits.
"""
