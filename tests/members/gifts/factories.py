import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from members.gifts.models import UNCLAIMED_EXPIRY, Gift, GiftPrice


class GiftPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GiftPrice
        django_get_or_create = ["duration_months"]

    duration_months = 3
    amount = 1500
    currency = "eur"


class GiftFactory(factory.django.DjangoModelFactory):
    """A paid gift delivered yesterday (for redemption tests that need no Stripe)."""

    class Meta:
        model = Gift

    price = factory.SubFactory(GiftPriceFactory)
    duration_months = factory.SelfAttribute("price.duration_months")
    amount = factory.SelfAttribute("price.amount")
    currency = "eur"
    giver_name = "Taras"
    giver_email = "giver@example.com"
    recipient_name = "Oksana"
    recipient_email = "friend@example.com"
    message = "Happy birthday!"
    deliver_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    status = Gift.Status.DELIVERED
    attempt = factory.LazyFunction(uuid.uuid4)
    stripe_checkout_session_id = factory.Sequence(lambda n: f"cs_test_factory_{n}")
    stripe_payment_intent_id = factory.Sequence(lambda n: f"pi_test_factory_{n}")
    paid_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    expires_at = factory.LazyAttribute(lambda gift: gift.paid_at + UNCLAIMED_EXPIRY)
    delivered_at = factory.LazyFunction(timezone.now)
