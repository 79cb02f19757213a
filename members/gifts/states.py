"""A gift's states and the only edges between them; what every gift flow shares."""

from .models import Gift

KIND = "gift"
Status = Gift.Status

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


class GiftTransitionError(Exception):
    """An operation asked for a state change the gift's current state does not allow."""


def gift_transition(gift: Gift, new_status: str) -> None:
    """Move `gift` (locked by the caller, who saves it) to `new_status`, if allowed."""
    if new_status not in ALLOWED_TRANSITIONS[gift.status]:
        raise GiftTransitionError(
            f"Gift {gift.pk} is {gift.get_status_display().lower()}; it cannot become {new_status}."
        )
    gift.status = new_status


def gift_start_reference(gift: Gift) -> str:
    """The gift's row in the `MembershipStart` ledger (written when it is paid for)."""
    return f"gift:{gift.pk}"
