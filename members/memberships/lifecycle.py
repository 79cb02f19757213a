"""The one owner of a membership's state: every change to its status and dates is here.

Other code (checkout fulfilment, webhooks, gifts, the sweep) calls these functions
with the membership row locked (`membership_lock`) and never assigns the fields
itself, so the allowed transitions are checked in one place and each save names
the fields it changes. A test (tests/members/test_state_owners.py) keeps it so.
"""

import logging
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.billing import gateway
from newsroom.clock import add_months

from . import emails
from .models import Membership, PlanPrice
from .starts import membership_start_record

logger = logging.getLogger(__name__)

Status = Membership.Status

# Within one subscription (or one gift period), state only moves along these edges.
# ENDED is final for that subscription: Stripe never revives a cancelled one. A new
# period (a newly adopted subscription, a redeemed gift) starts afresh from PENDING.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.PENDING: {Status.ACTIVE, Status.PAST_DUE, Status.CANCELLING, Status.ENDED},
    Status.ACTIVE: {Status.PAST_DUE, Status.CANCELLING, Status.ENDED},
    Status.PAST_DUE: {Status.ACTIVE, Status.CANCELLING, Status.ENDED},
    Status.CANCELLING: {Status.ACTIVE, Status.PAST_DUE, Status.ENDED},
    Status.ENDED: set(),
}

# Everything a subscription can change (with `updated_at`, which auto_now sets).
SUBSCRIPTION_FIELDS = [
    "status",
    "source",
    "stripe_subscription_id",
    "stripe_customer_id",
    "plan",
    "interval",
    "amount",
    "currency",
    "paid_through",
    "started_at",
    "ended_at",
    "updated_at",
]


def membership_lock(*, user) -> Membership:
    """The reader's membership (made pending if they have none), locked for this transaction.

    The reader's own row is locked first: every change to one reader's membership
    (the webhook and the thank-you page at once, a gift redeemed meanwhile) queues
    on it, so two of them can never both create a membership. Call inside
    `transaction.atomic()`.
    """
    get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
    membership, _ = Membership.objects.get_or_create(user=user)
    return Membership.objects.select_for_update().get(pk=membership.pk)


# --- A paid subscription ----------------------------------------------------------


def subscription_state(subscription: dict) -> str:
    """Our status for a Stripe subscription."""
    stripe_status = subscription.get("status")
    if stripe_status in {"canceled", "incomplete_expired"}:
        return Status.ENDED
    if stripe_status in {"past_due", "unpaid", "paused"}:
        return Status.PAST_DUE
    if stripe_status == "incomplete":
        return Status.PENDING
    if subscription.get("cancel_at_period_end") or subscription.get("cancel_at"):
        return Status.CANCELLING
    return Status.ACTIVE


def subscription_period_end(subscription: dict) -> datetime | None:
    # Since API 2025-03-31 the period lives on each item; older versions had it on
    # the subscription itself.
    ends = [
        item.get("current_period_end")
        for item in (subscription.get("items") or {}).get("data", [])
        if item.get("current_period_end")
    ]
    if not ends and subscription.get("current_period_end"):
        ends = [subscription["current_period_end"]]
    return gateway.stripe_datetime(max(ends)) if ends else None


def membership_apply_subscription(
    membership: Membership,
    subscription: dict,
    *,
    first_invoice_id: str = "",
    fallback_price_id: str | None = None,
    paid: bool = False,
) -> None:
    """Move a locked membership to the state of `subscription`; send the emails due.

    `paid` says the first payment is known to have been made (a completed
    Checkout): the start is then recorded even if the subscription has ended since.
    """
    subscription_id = subscription["id"]
    new_status = subscription_state(subscription)
    adopting = membership.stripe_subscription_id != subscription_id
    if adopting:
        if membership.is_live and new_status not in Membership.LIVE_STATUSES:
            # An older or abandoned subscription must not end a live membership.
            return
        old_status = Status.PENDING
    else:
        old_status = membership.status
        if new_status != old_status and new_status not in ALLOWED_TRANSITIONS[old_status]:
            return  # e.g. a late "active" event for a subscription that has ended

    previous_live = membership.is_live
    if adopting and previous_live and membership.stripe_subscription_id:
        # Two live subscriptions for one reader (e.g. two checkouts in two tabs):
        # the newer one is mirrored; staff should refund and cancel the other.
        logger.warning(
            "Membership %s: subscription %s replaces live %s; check for a double payment",
            membership.pk,
            subscription_id,
            membership.stripe_subscription_id,
        )
    membership.status = new_status
    membership.source = Membership.Source.SUBSCRIPTION
    membership.stripe_subscription_id = subscription_id
    customer_id = gateway.stripe_id(subscription.get("customer"))
    # The portal must open the customer who pays the current subscription (a reader
    # who paid without signing in gets a new Stripe customer each time).
    if (
        customer_id
        and (adopting or not membership.stripe_customer_id)
        and not Membership.objects.filter(stripe_customer_id=customer_id)
        .exclude(pk=membership.pk)
        .exists()
    ):
        membership.stripe_customer_id = customer_id
    _membership_set_price(membership, subscription, fallback_price_id=fallback_price_id)

    if new_status in {Status.ACTIVE, Status.CANCELLING}:
        period_end = subscription_period_end(subscription)
        # Paid periods only move forward: a late event never shortens what was paid
        # for (nor does a first payment cut short what a gift still covers).
        if period_end and (membership.paid_through is None or period_end > membership.paid_through):
            membership.paid_through = period_end
    if new_status == Status.ENDED:
        membership.ended_at = (
            gateway.stripe_datetime(subscription.get("ended_at")) or timezone.now()
        )

    started = False
    if old_status == Status.PENDING and (new_status in Membership.LIVE_STATUSES or paid):
        started = membership_start_record(
            membership=membership,
            source=Membership.Source.SUBSCRIPTION,
            reference=subscription_id,
            started_at=gateway.stripe_datetime(subscription.get("start_date")) or timezone.now(),
            stripe_invoice_id=first_invoice_id
            or gateway.stripe_id(subscription.get("latest_invoice")),
        )
    membership.save(update_fields=SUBSCRIPTION_FIELDS)

    if started and not previous_live and new_status in Membership.LIVE_STATUSES:
        emails.email_welcome(membership)
    elif new_status == Status.CANCELLING and old_status in {Status.ACTIVE, Status.PAST_DUE}:
        emails.email_membership_ending(membership)
    elif new_status == Status.ENDED and old_status in Membership.LIVE_STATUSES:
        emails.email_membership_ended(membership)


def membership_import_subscription(membership: Membership, subscription: dict) -> bool:
    """Link a locked membership to a Stripe subscription the reader already pays
    (a member moving in with an imported site): its state, price and paid period.

    Nothing is charged and no Checkout is made. No start is recorded and no welcome
    email sent: campaigns count joins, and this reader joined before. Later webhooks
    for the subscription keep it in step as for any member. Returns whether the
    membership now follows this subscription.
    """
    new_status = subscription_state(subscription)
    if new_status not in Membership.LIVE_STATUSES:
        return False
    if membership.is_live and membership.stripe_subscription_id != subscription["id"]:
        return False  # a live membership here wins over an old system's record
    membership.status = new_status
    membership.source = Membership.Source.SUBSCRIPTION
    membership.stripe_subscription_id = subscription["id"]
    customer_id = gateway.stripe_id(subscription.get("customer"))
    if (
        customer_id
        and not Membership.objects.filter(stripe_customer_id=customer_id)
        .exclude(pk=membership.pk)
        .exists()
    ):
        membership.stripe_customer_id = customer_id
    _membership_set_price(membership, subscription, fallback_price_id=None)
    period_end = subscription_period_end(subscription)
    if period_end and (membership.paid_through is None or period_end > membership.paid_through):
        membership.paid_through = period_end
    membership.started_at = membership.started_at or (
        gateway.stripe_datetime(subscription.get("start_date")) or timezone.now()
    )
    membership.ended_at = None
    membership.save(update_fields=SUBSCRIPTION_FIELDS)
    return True


def _membership_set_price(
    membership: Membership, subscription: dict, *, fallback_price_id: str | None
) -> None:
    items = (subscription.get("items") or {}).get("data") or []
    stripe_price = (items[0].get("price") or {}) if items else {}
    price = None
    if lookup_key := stripe_price.get("lookup_key"):
        price = (
            PlanPrice.objects.filter(stripe_lookup_key=lookup_key).select_related("plan").first()
        )
    price_id = (subscription.get("metadata") or {}).get("plan_price_id") or fallback_price_id
    if price is None and price_id and str(price_id).isdigit():
        price = PlanPrice.objects.filter(pk=price_id).select_related("plan").first()
    if price is not None:
        membership.plan = price.plan
        membership.interval = price.interval
    if stripe_price.get("unit_amount") is not None:
        membership.amount = stripe_price["unit_amount"]
        membership.currency = stripe_price.get("currency") or membership.currency
        interval = (stripe_price.get("recurring") or {}).get("interval")
        if interval in PlanPrice.Interval.values:
            membership.interval = interval


# --- Time given as a gift ---------------------------------------------------------


def membership_extended_until(*, membership: Membership, months: int, now: datetime) -> datetime:
    """Where `months` more would take a live membership: from its paid-through date,
    or from now if that has passed (what was paid for is never lost)."""
    return add_months(max(membership.paid_through or now, now), months)


def membership_extend(*, membership: Membership, until: datetime) -> None:
    """Lengthen a locked live membership to `until` (paid-through dates only move forward)."""
    if not membership.is_live:
        raise ValueError(f"Membership {membership.pk} is not live; start a new period instead.")
    if membership.paid_through is None or until > membership.paid_through:
        membership.paid_through = until
        membership.save(update_fields=["paid_through", "updated_at"])


def membership_gift_activate(*, membership: Membership, until: datetime, now: datetime) -> None:
    """Start a gift period on a locked membership that is not live: active until `until`."""
    if membership.is_live:
        raise ValueError(f"Membership {membership.pk} is live; extend it instead.")
    membership.status = Status.ACTIVE
    membership.source = Membership.Source.GIFT
    # A gift membership has no subscription. Forgetting an ended (or never paid)
    # one also stops its late events from touching this membership.
    membership.stripe_subscription_id = None
    membership.plan = None
    membership.interval = ""
    membership.amount = None
    membership.currency = ""
    membership.paid_through = until
    membership.started_at = now
    membership.ended_at = None
    membership.save(update_fields=SUBSCRIPTION_FIELDS)


def membership_gift_end(*, membership_id: int, now: datetime | None = None) -> bool:
    """End a gift membership whose time ran out (unless a subscription took over).

    Returns True when it ended (and the "membership ended" email was sent).
    """
    now = now or timezone.now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership_id)
        if (
            membership.source != Membership.Source.GIFT
            or not membership.is_live
            or membership.stripe_subscription_id
            or (membership.paid_through and membership.paid_through > now)
        ):
            return False
        membership.status = Status.ENDED
        membership.ended_at = membership.paid_through or now
        membership.save(update_fields=["status", "ended_at", "updated_at"])
        emails.email_membership_ended(membership)
    return True
