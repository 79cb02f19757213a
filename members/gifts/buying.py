"""Buying a gift: the payment-mode Checkout Session, and marking the gift paid.

Fulfilment runs from the webhook and the thank-you page alike; the gift row is
locked and only an awaiting-payment gift is marked paid, so it happens once.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from members.analytics.attribution import conversion_record
from members.billing import gateway
from members.memberships.models import Membership
from members.memberships.starts import membership_start_record
from newsroom.clock import newsroom_today

from . import emails
from .delivering import gift_delivery_schedule
from .models import UNCLAIMED_EXPIRY, Gift, GiftPrice
from .states import KIND, Status, gift_start_reference, gift_transition

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GiftCheckoutStarted:
    gift: Gift
    url: str


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
    extra_metadata: dict[str, str] | None = None,
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
            "language": get_language(),
        },
    )
    metadata = {**(extra_metadata or {}), "newsroom_kind": KIND, "gift_id": str(gift.pk)}
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
                "gift-checkout",
                gift.pk,
                gift.amount,
                gift.currency,
                gift.giver_email,
                *sorted((extra_metadata or {}).items()),
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
        _gift_mark_paid(gift, payment_intent_id=gateway.stripe_id(session.get("payment_intent")))
        # What brought the giver (the gift form's metadata), once per session.
        conversion_record(
            kind="gift", reference=session_id, metadata=metadata, paid_at=gift.paid_at
        )
    return gift


def _gift_mark_paid(gift: Gift, *, payment_intent_id: str) -> None:
    now = timezone.now()
    # A gift for today goes out at once; a later one at DELIVERY_HOUR on its day.
    due_now = gift.deliver_on <= newsroom_today(now)
    gift_transition(gift, Status.PAID if due_now else Status.SCHEDULED)
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
    membership_start_record(
        membership=None,
        source=Membership.Source.GIFT,
        reference=gift_start_reference(gift),
        started_at=now,
    )
    emails.email_gift_purchased(gift)
    gift_delivery_schedule(gift=gift)


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
        gift_transition(gift, Status.PAYMENT_FAILED)
        gift.save(update_fields=["status"])
        emails.email_gift_payment_failed(gift)
    return gift
