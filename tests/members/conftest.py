"""Fixtures for members tests: the app talking to the fake Stripe, and webhook delivery."""

import pytest
from django.test import Client
from django.urls import reverse

from members.billing import gateway


@pytest.fixture
def stripe_fake(fake_stripe, settings):
    """The fake Stripe (empty, manual webhooks), with the app's settings pointing at it."""
    settings.STRIPE_SECRET_KEY = fake_stripe.api_key
    settings.STRIPE_API_BASE = fake_stripe.base_url
    settings.STRIPE_WEBHOOK_SECRET = fake_stripe.webhook_secret
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    gateway._client.cache_clear()
    return fake_stripe


@pytest.fixture
def webhook_client():
    """Posts a (body, headers) delivery from the fake to the webhook endpoint in-process."""
    client = Client()

    def post(body: bytes, headers: dict[str, str]):
        return client.post(
            reverse("members:stripe-webhook"),
            data=body,
            content_type="application/json",
            headers={"Stripe-Signature": headers["Stripe-Signature"]},
        )

    return post


@pytest.fixture
def deliver(stripe_fake, webhook_client, django_capture_on_commit_callbacks):
    """Deliver the fake's queued webhook events to the app; run what they queue after commit.

    Keyword arguments go to `deliver_pending` (type=, reverse=, duplicate=). Returns
    the deliveries; fails the test if any got an error status.
    """

    def run(*, expect_ok: bool = True, **options):
        with django_capture_on_commit_callbacks(execute=True):
            deliveries = stripe_fake.deliver_pending(to=webhook_client, **options)
        if expect_ok:
            failed = [(d.event_type, d.status) for d in deliveries if not d.ok]
            assert not failed, failed
        return deliveries

    return run
