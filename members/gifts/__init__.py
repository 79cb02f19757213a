"""Gift memberships: bought once through Stripe Checkout, delivered on a chosen date,
redeemed once by the recipient.

Modules (one flow each; members/README.md draws how they connect)
===================================================================

- `states`: `ALLOWED_TRANSITIONS` of `Gift.status` and `gift_transition`, used by
  every flow below; each flow locks the gift row before it moves it.
- `buying`: the payment-mode Checkout Session and marking the gift paid
  (`gift_checkout_create`, `gift_fulfil_checkout`, `gift_payment_failed`).
- `delivering`: the delivery task and email at 07:00 newsroom time (`gift_deliver`).
- `redeeming`: the code becomes membership time (`gift_redeem`), through
  members.memberships.lifecycle; a paying member's next charge is deferred.
- `refunding`: from the admin or from Stripe's `charge.refunded` (`gift_refund`,
  `gift_refund_recorded`).
- `sweeping`: what time does (`gift_sweep`: missed deliveries, expiry, the invitation
  to continue, gift memberships that ran out).
- `continuing`: a gift member's membership Checkout whose first charge waits for the
  gift to end (`gift_member_continue_checkout`).

What campaigns count
    A gift counts as a membership start **when it is paid for**, not when it is
    redeemed: paying writes one `MembershipStart` row (`reference="gift:<id>"`,
    `membership=None`) through `members.memberships.starts.membership_start_record`.
    Redeeming fills in the membership on the same row (`membership_start_attach`),
    so a gift is never counted twice; a refund sets the row's `refunded_at`.

Lifecycle
    `Gift.status`: awaiting_payment → paid (delivery due now) or scheduled (delivery
    date in the future) → delivered → redeemed; paid, scheduled or delivered can
    become expired (12 months unclaimed) or refunded; awaiting_payment can become
    payment_failed (a delayed bank payment bounced).

Stripe
    Checkout Sessions in payment mode with `metadata.newsroom_kind="gift"` and
    `metadata.gift_id`; handlers for `checkout.session.completed`,
    `checkout.session.async_payment_succeeded` / `_failed` and `charge.refunded` are
    in `handlers.py`. Redeeming a gift as a paying member defers their subscription's
    billing by updating it with `trial_end` (see the README's gift section).
"""
