"""Redeeming a gift: its code becomes membership time for the reader, exactly once.

The membership itself changes only through members.memberships.lifecycle: a new
gift period for a reader who is not a member, more time for one who is.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.billing import gateway
from members.memberships import emails as membership_emails
from members.memberships.lifecycle import (
    membership_extend,
    membership_extended_until,
    membership_gift_activate,
    membership_lock,
)
from members.memberships.models import Membership
from members.memberships.starts import membership_start_attach
from newsroom.clock import add_months

from . import emails
from .models import Gift
from .states import Status, gift_start_reference, gift_transition


class GiftNotRedeemable(Exception):
    """Why a code cannot be redeemed, in words for the reader (`reason` for code)."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


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
        membership = membership_lock(user=user)
        now = timezone.now()
        was_live = membership.is_live
        # The start was counted when the gift was paid for; now it has a member.
        membership_start_attach(
            membership=membership,
            source=Membership.Source.GIFT,
            reference=gift_start_reference(gift),
            started_at=gift.paid_at,
        )
        if was_live:
            until = membership_extended_until(
                membership=membership, months=gift.duration_months, now=now
            )
            if membership.stripe_subscription_id:
                _subscription_defer(membership=membership, gift=gift, until=until)
            membership_extend(membership=membership, until=until)
        else:
            membership_gift_activate(
                membership=membership, until=add_months(now, gift.duration_months), now=now
            )
        gift_transition(gift, Status.REDEEMED)
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
            "unknown", _("We don't know this gift code. Please check the link in your email.")
        )
    if gift.status == Status.REDEEMED:
        if gift.redeemed_by_id == user.pk:
            raise GiftNotRedeemable("used", _("You have already redeemed this gift. Enjoy!"))
        raise GiftNotRedeemable("used", _("This gift has already been redeemed."))
    if gift.status == Status.REFUNDED:
        raise GiftNotRedeemable(
            "refunded", _("This gift was refunded to the giver, so it can no longer be redeemed.")
        )
    past_expiry = gift.expires_at is not None and gift.expires_at <= timezone.now()
    if gift.status == Status.EXPIRED or (gift.status in Gift.REDEEMABLE_STATUSES and past_expiry):
        raise GiftNotRedeemable(
            "expired", _("This gift expired: gifts must be redeemed within 12 months.")
        )
    if gift.status not in Gift.REDEEMABLE_STATUSES:
        raise GiftNotRedeemable("unpaid", _("This gift has not been paid for yet."))


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
