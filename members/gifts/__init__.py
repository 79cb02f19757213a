"""Gift memberships: bought once through Stripe Checkout, delivered on a chosen date,
redeemed once by the recipient.

How other features plug in
==========================

What campaigns count
    A gift counts as a membership start **when it is paid for**, not when it is
    redeemed. `services.gift_fulfil_checkout` writes one `MembershipStart` row per
    gift through `memberships.services.membership_start_record(membership=None, ...)`
    with::

        source="gift", reference=f"gift:{gift.pk}", started_at=<when it was paid>

    `MembershipStart.membership` is therefore nullable (this branch's migration): a
    paid gift has no member yet. When the gift is redeemed, the same row gets the
    recipient's membership (`membership` filled in, `started_at` unchanged), so a
    redeemed gift is never counted twice. When a gift is refunded, the row gets
    `refunded_at` (`membership_start_mark_refunded(reference="gift:<id>")`), exactly
    like a refunded first subscription payment: counters subtract refunded starts.

    So a campaign counter needs no gift-specific code:
    ``MembershipStart.objects.filter(started_at__range=window, refunded_at=None).count()``.

Lifecycle
    `Gift.status`: awaiting_payment → paid (delivery due now) or scheduled (delivery
    date in the future) → delivered → redeemed; paid, scheduled or delivered can
    become expired (12 months unclaimed) or refunded; awaiting_payment can become
    payment_failed (a delayed bank payment bounced). The services in `services.py`
    (`gift_checkout_create`, `gift_fulfil_checkout`, `gift_deliver`, `gift_redeem`,
    `gift_refund`, `gift_sweep`) are keyword-only, lock the gift row and move it only
    along `ALLOWED_TRANSITIONS`.

Stripe
    Checkout Sessions in payment mode with `metadata.newsroom_kind="gift"` and
    `metadata.gift_id`; handlers for `checkout.session.completed`,
    `checkout.session.async_payment_succeeded` / `_failed` and `charge.refunded` are
    in `handlers.py`. Redeeming a gift as a paying member defers their subscription's
    billing by updating it with `trial_end` (see the README's gift section).
"""
