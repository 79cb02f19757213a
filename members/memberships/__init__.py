"""Memberships: plans, joining through Stripe Checkout, the member's account, emails.

How other features plug in
==========================

Who is a member
    `Membership` (one per user, `user.membership`): `status` (pending, active,
    past_due, cancelling, ended), `plan`, `source` (subscription or gift),
    `paid_through`. `Membership.objects.live()` is everyone currently a member
    (active, past due or cancelling).

Where a membership starts (what campaigns count)
    Every start, paid or gifted, goes through
    `services.membership_start_record(membership=..., source=..., reference=...)`,
    which writes one `MembershipStart` row per `reference` (the Stripe subscription
    id for paid memberships; use e.g. "gift:<id>" for gifts). Count those rows by
    `started_at`; the function is idempotent and returns True only the first time.
    A start's `stripe_invoice_id` is the first payment's invoice. When that payment
    is fully refunded (`charge.refunded`, handled here for subscriptions), its
    `refunded_at` is set by `services.membership_start_mark_refunded(...)`, the one
    place refunds of starts are written; the row stays (campaign counters subtract
    refunded starts).

Joining and syncing
    `services.membership_checkout_create(...)` makes the Checkout Session
    (metadata `newsroom_kind="membership"`, deterministic idempotency key from the
    join form's attempt id); `services.membership_fulfil_checkout(session_id=...)`
    is run by both the webhook and the thank-you page;
    `services.membership_sync_subscription(subscription_id=...)` mirrors Stripe's
    subscription onto the membership for every subscription/invoice event (and
    `membership_fulfil_subscription` fulfils the checkout behind a membership
    subscription we don't know yet). The handlers are in `handlers.py`; see
    members/billing/__init__.py for the registry.
"""
