"""Refunding a gift: from the admin (through Stripe) or recorded from Stripe's event."""

from django.db import transaction
from django.utils import timezone

from members.billing import gateway
from members.memberships.starts import membership_start_mark_refunded

from . import emails
from .models import Gift
from .states import (
    ALLOWED_TRANSITIONS,
    KIND,
    GiftTransitionError,
    Status,
    gift_start_reference,
    gift_transition,
)


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
            membership_start_mark_refunded(
                reference=gift_start_reference(gift), refunded_at=gift.refunded_at
            )
    return gift


def _gift_mark_refunded(gift: Gift) -> None:
    gift_transition(gift, Status.REFUNDED)
    gift.refunded_at = timezone.now()
    gift.save(update_fields=["status", "refunded_at"])
    membership_start_mark_refunded(
        reference=gift_start_reference(gift), refunded_at=gift.refunded_at
    )
    emails.email_gift_refunded(gift)
