"""Everything time does to gifts, run by `gifts_sweep` (and `run_periodic`)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from members.memberships.lifecycle import membership_gift_end
from members.memberships.models import Membership
from newsroom.clock import newsroom_today

from . import emails
from .delivering import gift_deliver
from .models import Gift
from .states import Status, gift_transition

# Gift members are invited to continue this long before their gift runs out.
CONTINUE_INVITATION_BEFORE = timedelta(days=7)


def gift_expire(*, gift_id: int, now: datetime | None = None) -> bool:
    """Expire a gift unclaimed for 12 months (its code then says so)."""
    now = now or timezone.now()
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=gift_id)
        if gift.status not in Gift.REDEEMABLE_STATUSES or gift.expires_at > now:
            return False
        gift_transition(gift, Status.EXPIRED)
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


def gift_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Everything time does to gifts; run by the `gifts_sweep` command (hourly cron).

    Delivers due gifts whose scheduled task never ran (the worker was down, the
    task queue lost it), expires gifts unclaimed for 12 months, invites gift
    members to continue a week before the end and ends gift memberships that ran
    out. Each step locks and re-checks its row, so overlapping sweeps are safe.
    """
    now = now or timezone.now()
    counts = {"delivered": 0, "expired": 0, "invited": 0, "ended": 0}
    due = Gift.objects.due_for_delivery(newsroom_today(now)).values_list("pk", flat=True)
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
        counts["ended"] += membership_gift_end(membership_id=membership_id, now=now)
    return counts
