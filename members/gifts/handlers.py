"""Stripe webhook handlers for gifts (registered in MembersConfig.ready())."""

from collections.abc import Callable

from members.billing import gateway
from members.billing.webhooks import stripe_call, webhook_handler

from .buying import gift_fulfil_checkout, gift_payment_failed
from .models import Gift
from .refunding import gift_refund_recorded
from .states import KIND


def _is_gift(session: dict) -> bool:
    # Every gift session we create names its gift; anything else is not ours.
    metadata = session.get("metadata") or {}
    return metadata.get("newsroom_kind") == KIND and bool(metadata.get("gift_id"))


def _gift_session_event(event: dict, operation: Callable[..., Gift | None]) -> str | None:
    """Run `operation` for a gift's Checkout Session event; None for other sessions."""
    session = event["data"]["object"]
    if not _is_gift(session):
        return None
    gift = stripe_call(operation, session_id=session["id"])
    if gift is None:
        return f"gift checkout {session['id']} not found"
    return f"gift {gift.pk}: {gift.status}"


@webhook_handler("checkout.session.completed")
@webhook_handler("checkout.session.async_payment_succeeded")
def gift_checkout_paid(event: dict) -> str | None:
    # Both events run the same fulfilment, which asks Stripe whether the session
    # is paid: "completed" with a delayed payment method leaves the gift waiting,
    # and whichever of the two arrives first (or twice) does the work once.
    return _gift_session_event(event, gift_fulfil_checkout)


@webhook_handler("checkout.session.async_payment_failed")
def gift_checkout_payment_failed(event: dict) -> str | None:
    return _gift_session_event(event, gift_payment_failed)


@webhook_handler("charge.refunded")
def gift_charge_refunded(event: dict) -> str | None:
    # Gifts are found by their PaymentIntent: refunds made in the Stripe dashboard
    # count as much as those made from our admin (which are already recorded).
    # What changes state is read back from Stripe, never taken from the payload.
    charge_id = event["data"]["object"].get("id", "")
    if not charge_id:
        return None
    charge = stripe_call(gateway.charge_retrieve, charge_id=charge_id)
    payment_intent_id = gateway.stripe_id((charge or {}).get("payment_intent"))
    if not payment_intent_id or not charge.get("refunded"):
        return None  # a partial refund changes nothing for a gift
    gift = gift_refund_recorded(payment_intent_id=payment_intent_id)
    if gift is None:
        return None
    return f"gift {gift.pk}: refunded"
