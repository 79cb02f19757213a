"""Gift tests talk to the fake Stripe server with the real stripe library."""

import pytest
from django.test import Client

from tests.fake_stripe.pytest_plugin import fake_stripe, fake_stripe_server  # noqa: F401

from .factories import GiftPriceFactory


@pytest.fixture
def stripe_fake(fake_stripe, settings):  # noqa: F811
    """The fake Stripe, with the app's settings pointing at it."""
    settings.STRIPE_API_BASE = fake_stripe.base_url
    settings.STRIPE_SECRET_KEY = fake_stripe.api_key
    settings.STRIPE_WEBHOOK_SECRET = fake_stripe.webhook_secret
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    return fake_stripe


@pytest.fixture
def deliver_webhooks(stripe_fake, django_capture_on_commit_callbacks):
    """Post the fake's queued events to our endpoint, as Stripe would; returns the
    responses. Options: reverse=True, duplicate=True, type="checkout.session.*"."""
    stripe_client = Client()

    def post(body: bytes, headers: dict[str, str]):
        return stripe_client.post(
            "/stripe/webhook/",
            data=body,
            content_type="application/json",
            headers={"Stripe-Signature": headers["Stripe-Signature"]},
        )

    def deliver(**options):
        with django_capture_on_commit_callbacks(execute=True):
            deliveries = stripe_fake.deliver_pending(to=post, **options)
        assert all(delivery.ok for delivery in deliveries), [
            (delivery.event_type, delivery.status, delivery.error) for delivery in deliveries
        ]
        return deliveries

    return deliver


@pytest.fixture
def gift_prices(db):
    """The four durations on sale: 1, 3, 6 and 12 months."""
    return {
        months: GiftPriceFactory(duration_months=months, amount=amount)
        for months, amount in [(1, 600), (3, 1500), (6, 2800), (12, 5000)]
    }


@pytest.fixture
def recipient(db):
    """A signed-up reader (verified) a gift is for, without a membership."""
    from tests.factories import UserFactory

    return UserFactory(email="friend@example.com", first_name="Oksana")
