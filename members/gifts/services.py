"""Gift memberships: buying, fulfilling, delivering, redeeming, refunding, sweeping.

Every function here locks the gift row it changes and moves it only along
`ALLOWED_TRANSITIONS`, so running one twice, late, or at the same moment as
itself (the webhook and the thank-you page; two redemption clicks) does the work
once. Stripe is the source of truth: a Checkout Session is re-fetched rather than
trusted from a webhook payload.
"""

import calendar
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.billing import gateway
from members.memberships import emails as membership_emails
from members.memberships import services as membership_services
from members.memberships.models import Membership, MembershipStart, PlanPrice

from . import emails
from .models import UNCLAIMED_EXPIRY, Gift, GiftPrice

logger = logging.getLogger(__name__)

KIND = "gift"
Status = Gift.Status

# Gifts are emailed at this local hour on their delivery date (not at midnight).
DELIVERY_HOUR = 7
# Gift members are invited to continue this long before their gift runs out.
CONTINUE_INVITATION_BEFORE = timedelta(days=7)

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.AWAITING_PAYMENT: {Status.PAID, Status.SCHEDULED, Status.PAYMENT_FAILED},
    Status.PAYMENT_FAILED: set(),
    Status.SCHEDULED: {
        Status.PAID,
        Status.DELIVERED,
        Status.REDEEMED,
        Status.EXPIRED,
        Status.REFUNDED,
    },
    Status.PAID: {Status.DELIVERED, Status.REDEEMED, Status.EXPIRED, Status.REFUNDED},
    Status.DELIVERED: {Status.DELIVERED, Status.REDEEMED, Status.EXPIRED, Status.REFUNDED},
    Status.REDEEMED: set(),
    Status.EXPIRED: {Status.REFUNDED},
    Status.REFUNDED: set(),
}


class GiftNotRedeemable(Exception):
    """Why a code cannot be redeemed, in words for the reader (`reason` for code)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


class GiftTransitionError(Exception):
    """An operation asked for a state change the gift's current state does not allow."""


@dataclass(frozen=True)
class GiftCheckoutStarted:
    gift: Gift
    url: str


# --- Time -------------------------------------------------------------------------


def newsroom_timezone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def newsroom_today(now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(newsroom_timezone()).date()


def delivery_moment(deliver_on: date) -> datetime:
    """When a gift for `deliver_on` is emailed: DELIVERY_HOUR that day, newsroom time."""
    return datetime.combine(deliver_on, time(DELIVERY_HOUR), tzinfo=newsroom_timezone())


def add_months(moment: datetime, months: int) -> datetime:
    """The same time `months` later, on the same day or the month's last (31 Jan + 1 = 28 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _transition(gift: Gift, new_status: str) -> None:
    if new_status not in ALLOWED_TRANSITIONS[gift.status]:
        raise GiftTransitionError(
            f"Gift {gift.pk} is {gift.get_status_display().lower()}; it cannot become {new_status}."
        )
    gift.status = new_status


# --- Buying -----------------------------------------------------------------------


def gift_checkout_create(
    *,
    price: GiftPrice,
    attempt: str,
    giver,
    giver_name: str,
    giver_email: str,
    recipient_name: str,
    recipient_email: str,
    message: str,
    deliver_on: date,
    success_url: str,
    cancel_url: str,
) -> GiftCheckoutStarted:
    """Record the gift (awaiting payment) and start a payment-mode Checkout Session.

    `attempt` identifies one rendering of the gift form: submitting it twice makes
    one gift and replays the same Checkout Session (the first submission's details
    win). Raises gateway.StripeError when Stripe cannot be reached; the gift then
    stays awaiting payment, and resubmitting the form retries with the same key.
    """
    gift, _ = Gift.objects.get_or_create(
        attempt=attempt,
        defaults={
            "price": price,
            "duration_months": price.duration_months,
            "amount": price.amount,
            "currency": price.currency,
            "giver": giver if giver is not None and giver.is_authenticated else None,
            "giver_name": giver_name,
            "giver_email": giver_email,
            "recipient_name": recipient_name,
            "recipient_email": recipient_email,
            "message": message,
            "deliver_on": deliver_on,
        },
    )
    metadata = {"newsroom_kind": KIND, "gift_id": str(gift.pk)}
    description = f"{settings.SITE_NAME} gift membership, {gift.get_duration_months_display()}"
    session = gateway.stripe_client().v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {
                        "currency": gift.currency,
                        "unit_amount": gift.amount,
                        "product_data": {"name": description},
                    },
                    "quantity": 1,
                }
            ],
            "customer_email": gift.giver_email,
            "client_reference_id": f"gift-{gift.pk}",
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata, "description": description},
            "success_url": success_url,
            "cancel_url": cancel_url,
        },
        options={
            "idempotency_key": gateway.idempotency_key(
                "gift-checkout", gift.pk, gift.amount, gift.currency, gift.giver_email
            )
        },
    )
    if gift.stripe_checkout_session_id != session.id:
        # A double submission replays the same session, so this only ever sets it once.
        Gift.objects.filter(pk=gift.pk).update(stripe_checkout_session_id=session.id)
        gift.stripe_checkout_session_id = session.id
    return GiftCheckoutStarted(gift=gift, url=session.url)


def gift_fulfil_checkout(*, session_id: str) -> Gift | None:
    """Mark the gift paid once its Checkout Session is paid; the webhook and the
    thank-you page both call this.

    Returns None for sessions that are not gifts. A session completed with a
    delayed payment method (bank transfer) stays awaiting payment until Stripe
    reports `payment_status="paid"` (async_payment_succeeded). Paying records a
    membership start for the campaign counter, emails the giver, and schedules
    (or makes) the delivery. Raises gateway.StripeError when Stripe is unreachable.
    """
    session = gateway.to_dict(gateway.stripe_client().v1.checkout.sessions.retrieve(session_id))
    metadata = session.get("metadata") or {}
    gift_id = str(metadata.get("gift_id") or "")
    if metadata.get("newsroom_kind") != KIND or session.get("mode") != "payment":
        return None
    if not gift_id.isdigit():
        return None
    with transaction.atomic():
        gift = Gift.objects.select_for_update().filter(pk=gift_id).first()
        if gift is None or gift.stripe_checkout_session_id not in {None, session_id}:
            logger.warning("Session %s names gift %s of another session", session_id, gift_id)
            return None
        if gift.status != Status.AWAITING_PAYMENT:
            return gift  # already fulfilled (or failed, refunded...): nothing to do twice
        gift.stripe_checkout_session_id = session_id
        if session.get("status") != "complete" or session.get("payment_status") != "paid":
            gift.save(update_fields=["stripe_checkout_session_id"])
            return gift
        _gift_mark_paid(gift, payment_intent_id=stripe_id(session.get("payment_intent")))
    return gift


def _gift_mark_paid(gift: Gift, *, payment_intent_id: str) -> None:
    now = timezone.now()
    # A gift for today goes out at once; a later one at DELIVERY_HOUR on its day.
    due_now = gift.deliver_on <= newsroom_today(now)
    _transition(gift, Status.PAID if due_now else Status.SCHEDULED)
    gift.paid_at = now
    gift.expires_at = now + UNCLAIMED_EXPIRY
    gift.stripe_payment_intent_id = payment_intent_id or None
    gift.save(
        update_fields=[
            "status",
            "paid_at",
            "expires_at",
            "stripe_payment_intent_id",
            "stripe_checkout_session_id",
        ]
    )
    # What campaigns count: a gift starts a membership when it is paid for.
    membership_services.membership_start_record(
        membership=None,
        source=Membership.Source.GIFT,
        reference=gift_start_reference(gift),
        started_at=now,
    )
    emails.email_gift_purchased(gift)
    gift_delivery_schedule(gift=gift)


def gift_delivery_schedule(*, gift: Gift) -> None:
    """After commit, queue the delivery task: now if due, else for its delivery moment.

    Also called when staff change the delivery date of a scheduled gift. A task
    for an old date finds the gift not yet due (or already delivered) and does
    nothing, so rescheduling never sends twice.
    """
    if gift.status not in Gift.DELIVERABLE_STATUSES:
        return
    moment = delivery_moment(gift.deliver_on)
    run_after = None if gift.status == Status.PAID or moment <= timezone.now() else moment
    gift_pk = gift.pk
    transaction.on_commit(lambda: _delivery_enqueue(gift_pk, run_after))


def _delivery_enqueue(gift_id: int, run_after: datetime | None) -> None:
    from .tasks import gift_deliver_task  # the task module imports this one

    if run_after is None:
        gift_deliver_task.enqueue(gift_id=gift_id)
    elif gift_deliver_task.get_backend().supports_defer:
        gift_deliver_task.using(run_after=run_after).enqueue(gift_id=gift_id)
    else:
        # A backend that runs tasks at once cannot wait: `gifts_sweep` delivers it.
        logger.info("Gift %s: task backend cannot defer; the sweep delivers it", gift_id)


def gift_payment_failed(*, session_id: str) -> Gift | None:
    """A delayed payment bounced (async_payment_failed): the gift will never be paid."""
    session = gateway.to_dict(gateway.stripe_client().v1.checkout.sessions.retrieve(session_id))
    if session.get("payment_status") == "paid":
        return gift_fulfil_checkout(session_id=session_id)
    with transaction.atomic():
        gift = (
            Gift.objects.select_for_update().filter(stripe_checkout_session_id=session_id).first()
        )
        if gift is None or gift.status != Status.AWAITING_PAYMENT:
            return gift
        _transition(gift, Status.PAYMENT_FAILED)
        gift.save(update_fields=["status"])
        emails.email_gift_payment_failed(gift)
    return gift


def gift_start_reference(gift: Gift) -> str:
    return f"gift:{gift.pk}"


# --- Delivering -------------------------------------------------------------------


def gift_deliver(*, gift_id: int, resend: bool = False, now: datetime | None = None) -> bool:
    """Email the recipient their gift if it is due (or again, with `resend`).

    Safe to run many times: a delivered gift is not emailed again unless staff
    ask to resend it. Returns True when an email was sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        gift = Gift.objects.select_for_update().filter(pk=gift_id).first()
        if gift is None:
            return False
        if resend:
            if gift.status not in Gift.REDEEMABLE_STATUSES:
                raise GiftTransitionError(
                    f"Gift {gift.pk} is {gift.get_status_display().lower()}; "
                    "only unredeemed paid gifts can be sent again."
                )
        elif gift.status not in Gift.DELIVERABLE_STATUSES:
            return False
        elif gift.status == Status.SCHEDULED and delivery_moment(gift.deliver_on) > now:
            return False  # not yet: a task or a sweep that ran early
        _transition(gift, Status.DELIVERED)
        gift.delivered_at = now
        gift.save(update_fields=["status", "delivered_at"])
        emails.email_gift_delivery(gift)
    return True


# --- Redeeming --------------------------------------------------------------------


def gift_redeem(*, code: str, user) -> Gift:
    """Turn the gift with `code` into membership time for `user`, exactly once.

    The gift row is locked first, so two attempts at once (two tabs, two people
    with the link) queue: the first redeems, the second finds it used. A reader
    with no live membership gets an active gift membership for the gift's length;
    a live gift membership is lengthened; a paying member's subscription is
    extended by deferring its next charge (`_subscription_defer`). Raises
    GiftNotRedeemable with a message for the reader, or gateway.StripeError when
    a paying member's subscription cannot be updated (nothing changes then).
    """
    with transaction.atomic():
        gift = Gift.objects.select_for_update().filter(code=code).first()
        gift_check_redeemable(gift, user)
        # Queue every change to this reader's membership on their row.
        get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
        membership, _ = Membership.objects.get_or_create(user=user)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        now = timezone.now()
        was_live = membership.is_live
        if was_live and membership.stripe_subscription_id:
            new_end = add_months(max(membership.paid_through or now, now), gift.duration_months)
            _subscription_defer(membership=membership, gift=gift, until=new_end)
            membership.paid_through = new_end
        elif was_live:
            membership.paid_through = add_months(
                max(membership.paid_through or now, now), gift.duration_months
            )
        else:
            membership.status = Membership.Status.ACTIVE
            membership.source = Membership.Source.GIFT
            # A gift membership has no subscription. Forgetting an ended (or never
            # paid) one also stops its late events from touching this membership.
            membership.stripe_subscription_id = None
            membership.plan = None
            membership.interval = ""
            membership.amount = None
            membership.currency = ""
            membership.paid_through = add_months(now, gift.duration_months)
            membership.started_at = now
            membership.ended_at = None
        membership.save()

        # The start was counted when the gift was paid for; now it has a member.
        reference = gift_start_reference(gift)
        if not MembershipStart.objects.filter(reference=reference).update(membership=membership):
            membership_services.membership_start_record(
                membership=membership,
                source=Membership.Source.GIFT,
                reference=reference,
                started_at=gift.paid_at,
            )
        _transition(gift, Status.REDEEMED)
        gift.redeemed_by = user
        gift.redeemed_at = now
        gift.membership = membership
        gift.save(update_fields=["status", "redeemed_by", "redeemed_at", "membership"])
        emails.email_gift_redeemed(gift)
        if not was_live:
            membership_emails.email_welcome(membership)
    return gift


def gift_check_redeemable(gift: Gift | None, user) -> None:
    if gift is None:
        raise GiftNotRedeemable(
            "unknown", "We don't know this gift code. Please check the link in your email."
        )
    if gift.status == Status.REDEEMED:
        if gift.redeemed_by_id == user.pk:
            raise GiftNotRedeemable("used", "You have already redeemed this gift. Enjoy!")
        raise GiftNotRedeemable("used", "This gift has already been redeemed.")
    if gift.status == Status.REFUNDED:
        raise GiftNotRedeemable(
            "refunded", "This gift was refunded to the giver, so it can no longer be redeemed."
        )
    past_expiry = gift.expires_at is not None and gift.expires_at <= timezone.now()
    if gift.status == Status.EXPIRED or (gift.status in Gift.REDEEMABLE_STATUSES and past_expiry):
        raise GiftNotRedeemable(
            "expired", "This gift expired: gifts must be redeemed within 12 months."
        )
    if gift.status not in Gift.REDEEMABLE_STATUSES:
        raise GiftNotRedeemable("unpaid", "This gift has not been paid for yet.")


def _subscription_defer(*, membership: Membership, gift: Gift, until: datetime) -> None:
    """Push a paying member's next charge to `until` by giving their subscription a
    free period (`trial_end`) without proration.

    Stripe then ends the current period now, bills nothing until `until`, and
    renews at the normal price from then on; what the member had already paid for
    is kept because `until` starts from their paid-through date. The subscription
    update event brings `paid_through` in line through the memberships sync.
    """
    gateway.stripe_client().v1.subscriptions.update(
        membership.stripe_subscription_id,
        params={"trial_end": int(until.timestamp()), "proration_behavior": "none"},
        options={
            "idempotency_key": gateway.idempotency_key(
                "gift-defer", gift.pk, membership.stripe_subscription_id, int(until.timestamp())
            )
        },
    )


# --- Refunding --------------------------------------------------------------------


def gift_refund(*, gift_id: int) -> Gift:
    """Refund an unredeemed gift through Stripe and revoke its code.

    The gift row stays locked during the Stripe call, so a redemption at the same
    moment waits and then finds the gift refunded. Raises GiftTransitionError for
    gifts that cannot be refunded (unpaid, redeemed, already refunded) and
    gateway.StripeError when Stripe refuses or cannot be reached (nothing changes).
    """
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=gift_id)
        if Status.REFUNDED not in ALLOWED_TRANSITIONS[gift.status] or not (
            gift.stripe_payment_intent_id
        ):
            raise GiftTransitionError(
                f"Gift {gift.pk} is {gift.get_status_display().lower()}; "
                "only paid, unredeemed gifts can be refunded here."
            )
        gateway.stripe_client().v1.refunds.create(
            params={
                "payment_intent": gift.stripe_payment_intent_id,
                "reason": "requested_by_customer",
                "metadata": {"newsroom_kind": KIND, "gift_id": str(gift.pk)},
            },
            options={"idempotency_key": gateway.idempotency_key("gift-refund", gift.pk)},
        )
        _gift_mark_refunded(gift)
    return gift


def gift_refund_recorded(*, payment_intent_id: str) -> Gift | None:
    """Stripe says the gift's payment was refunded (also from the dashboard)."""
    with transaction.atomic():
        gift = (
            Gift.objects.select_for_update()
            .filter(stripe_payment_intent_id=payment_intent_id)
            .first()
        )
        if gift is None or gift.refunded_at is not None:
            return gift
        if Status.REFUNDED in ALLOWED_TRANSITIONS[gift.status]:
            _gift_mark_refunded(gift)
        else:
            # Refunded after redemption (from the Stripe dashboard): the membership
            # stays as staff left it, but the campaign no longer counts the gift.
            gift.refunded_at = timezone.now()
            gift.save(update_fields=["refunded_at"])
            membership_services.membership_start_mark_refunded(
                reference=gift_start_reference(gift), refunded_at=gift.refunded_at
            )
    return gift


def _gift_mark_refunded(gift: Gift) -> None:
    _transition(gift, Status.REFUNDED)
    gift.refunded_at = timezone.now()
    gift.save(update_fields=["status", "refunded_at"])
    membership_services.membership_start_mark_refunded(
        reference=gift_start_reference(gift), refunded_at=gift.refunded_at
    )
    emails.email_gift_refunded(gift)


# --- Time passing -----------------------------------------------------------------


def gift_expire(*, gift_id: int, now: datetime | None = None) -> bool:
    """Expire a gift unclaimed for 12 months (its code then says so)."""
    now = now or timezone.now()
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=gift_id)
        if gift.status not in Gift.REDEEMABLE_STATUSES or gift.expires_at > now:
            return False
        _transition(gift, Status.EXPIRED)
        gift.save(update_fields=["status"])
    return True


def gift_membership_invite_to_continue(*, membership_id: int) -> bool:
    """Invite a gift member whose gift ends within a week to continue (once per gift)."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership_id)
        if membership.source != Membership.Source.GIFT or not membership.is_live:
            return False
        gift = (
            Gift.objects.select_for_update()
            .filter(membership=membership, status=Status.REDEEMED)
            .order_by("-redeemed_at")
            .first()
        )
        if gift is None or gift.continue_invited_at is not None:
            return False
        gift.continue_invited_at = timezone.now()
        gift.save(update_fields=["continue_invited_at"])
        emails.email_gift_continue(membership)
    return True


def gift_membership_end(*, membership_id: int, now: datetime | None = None) -> bool:
    """End a gift membership whose time ran out (a subscription took over otherwise)."""
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
        membership.status = Membership.Status.ENDED
        membership.ended_at = membership.paid_through or now
        membership.save(update_fields=["status", "ended_at", "updated_at"])
        membership_emails.email_membership_ended(membership)
    return True


def gift_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Everything time does to gifts; run by the `gifts_sweep` command (hourly cron).

    Delivers due gifts whose scheduled task never ran (the worker was down, the
    task queue lost it), expires gifts unclaimed for 12 months, invites gift
    members to continue a week before the end and ends gift memberships that ran
    out. Each step locks and re-checks its row, so overlapping sweeps are safe.
    """
    now = now or timezone.now()
    counts = {"delivered": 0, "expired": 0, "invited": 0, "ended": 0}
    today = newsroom_today(now)
    due = Gift.objects.filter(
        status__in=Gift.DELIVERABLE_STATUSES, deliver_on__lte=today
    ).values_list("pk", flat=True)
    for gift_id in list(due):
        counts["delivered"] += gift_deliver(gift_id=gift_id, now=now)
    for gift_id in list(Gift.objects.unclaimed_past(now).values_list("pk", flat=True)):
        counts["expired"] += gift_expire(gift_id=gift_id, now=now)
    gift_members = Membership.objects.live().filter(
        source=Membership.Source.GIFT, stripe_subscription_id=None
    )
    ending_soon = gift_members.filter(
        paid_through__gt=now, paid_through__lte=now + CONTINUE_INVITATION_BEFORE
    ).values_list("pk", flat=True)
    for membership_id in list(ending_soon):
        counts["invited"] += gift_membership_invite_to_continue(membership_id=membership_id)
    ran_out = gift_members.filter(paid_through__lte=now).values_list("pk", flat=True)
    for membership_id in list(ran_out):
        counts["ended"] += gift_membership_end(membership_id=membership_id, now=now)
    return counts


# --- Continuing as a paying member ------------------------------------------------


def gift_member_continue_checkout(
    *, user, price: PlanPrice, success_url: str, cancel_url: str
) -> str:
    """A subscription Checkout for a gift member, prefilled with their account,
    whose first charge waits until the gift runs out (a free period until then).

    It is a membership checkout (`newsroom_kind="membership"`), so the memberships
    fulfilment adopts the new subscription; paid-through dates only move forward.
    """
    membership = Membership.objects.get(user=user)
    params: dict = {
        "mode": "subscription",
        "line_items": [
            {"price": membership_services.plan_price_stripe_id(price=price), "quantity": 1}
        ],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": f"user-{user.pk}",
        "metadata": {
            "newsroom_kind": membership_services.KIND,
            "plan_price_id": str(price.pk),
            "user_id": str(user.pk),
        },
    }
    subscription_data: dict = {"metadata": params["metadata"]}
    # Checkout's free periods must end at least 48 hours after the session starts.
    if membership.paid_through and membership.paid_through > timezone.now() + timedelta(days=2):
        subscription_data["trial_end"] = int(membership.paid_through.timestamp())
    params["subscription_data"] = subscription_data
    if membership.stripe_customer_id:
        params["customer"] = membership.stripe_customer_id
    else:
        params["customer_email"] = user.email
    session = gateway.stripe_client().v1.checkout.sessions.create(
        params=params,
        options={
            "idempotency_key": gateway.idempotency_key(
                "gift-continue",
                user.pk,
                price.pk,
                subscription_data.get("trial_end", ""),
                timezone.now().strftime("%Y-%m-%d-%H"),
            )
        },
    )
    return session.url


def stripe_id(value) -> str:
    """A Stripe id from a field that may be an id, an expanded object or empty."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value.get("id", "") if isinstance(value, dict) else value.id
