"""A gift member continuing as a paying member when their gift runs out."""

from members.billing.checkout import CheckoutStarted
from members.memberships.joining import membership_checkout_create
from members.memberships.models import Membership, PlanPrice


def gift_member_continue_checkout(
    *, user, price: PlanPrice, attempt: str, success_url: str, cancel_url: str
) -> CheckoutStarted:
    """A membership Checkout for a gift member, prefilled with their account, whose
    first charge waits until the gift runs out (a free period until then).

    It is an ordinary membership checkout, so the memberships fulfilment adopts the
    new subscription (paid-through dates only move forward). `attempt` identifies
    one rendering of the continue page, so a retried submission, however much later,
    replays the same Checkout Session instead of making a second one.
    """
    membership = Membership.objects.get(user=user)
    return membership_checkout_create(
        price=price,
        amount=price.amount,
        user=user,
        email=user.email,
        attempt=attempt,
        success_url=success_url,
        cancel_url=cancel_url,
        first_charge_at=membership.paid_through,
    )
