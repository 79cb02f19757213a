"""Memberships: plans, joining through Stripe Checkout, the member's account, emails.

Modules (one flow each; members/README.md draws how they connect)
===================================================================

- `models`: `Plan`, `PlanPrice`, `Membership` (one per user), `MembershipStart`.
- `lifecycle`: the one owner of a membership's state. Every change to `status`,
  `paid_through`, `started_at` or `ended_at` goes through it: mirroring a Stripe
  subscription (`membership_apply_subscription`), a gift's time
  (`membership_gift_activate`, `membership_extend`), a gift running out
  (`membership_gift_end`), with `ALLOWED_TRANSITIONS` and `update_fields` saves.
  `membership_lock(user=...)` is how a flow gets the row to change.
- `starts`: the `MembershipStart` ledger campaigns count (`membership_start_record`,
  `membership_start_attach`, `membership_start_mark_refunded`,
  `membership_first_payment_refunded`).
- `prices`: a plan's Stripe Product and Price, found or created by lookup key.
- `joining`: the Checkout Session (`membership_checkout_create`, also used by a
  gift member continuing) and its fulfilment (`membership_fulfil_checkout`), run by
  the webhook and the thank-you page alike.
- `subscriptions`: subscription and invoice events (`membership_sync_subscription`).
- `account`: the billing portal and the member's invoices.
- `emails`, `handlers` (webhooks), `views`, `forms`, `admin`, `demo`, `generate`
  (a million members for load tests).

Who is a member
    `Membership.objects.live()` is everyone currently a member (active, past due or
    cancelling); `membership.is_live` says it for one.

Where a membership starts (what campaigns count)
    Every start, paid or gifted, goes through `starts.membership_start_record(...)`,
    which writes one `MembershipStart` row per `reference` (the Stripe subscription
    id for paid memberships, "gift:<id>" for gifts) and returns True only the first
    time. A start's `stripe_invoice_id` is the first payment's invoice; when that
    payment is fully refunded its `refunded_at` is set (the row stays; counters
    subtract refunded starts).
"""
