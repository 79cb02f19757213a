"""Fixtures for the fake Stripe's own tests (no Django needed).

``fake_stripe`` comes from the plugin the project loads; importing it here makes these
tests runnable on their own (``pytest tests/fake_stripe_tests -p no:django``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import stripe

from tests.fake_stripe import FakeStripe
from tests.fake_stripe.pytest_plugin import fake_stripe, fake_stripe_server

from .helpers import WebhookReceiver, subscription_session

__all__ = ["fake_stripe", "fake_stripe_server"]

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright on the system Chromium (Playwright's own browsers cannot be
    downloaded here), as tests/browser.py does for the project's browser tests."""
    if not CHROMIUM:
        pytest.skip("No Chromium installed: browser tests skipped (apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture
def stripe_client(fake_stripe: FakeStripe) -> stripe.StripeClient:
    return fake_stripe.client()


@pytest.fixture
def monthly_price(stripe_client: stripe.StripeClient) -> stripe.Price:
    product = stripe_client.v1.products.create(params={"name": "Membership"})
    return stripe_client.v1.prices.create(
        params={
            "product": product.id,
            "currency": "usd",
            "unit_amount": 500,
            "recurring": {"interval": "month"},
            "lookup_key": "membership_monthly",
        }
    )


@pytest.fixture
def one_off_price(stripe_client: stripe.StripeClient) -> stripe.Price:
    return stripe_client.v1.prices.create(
        params={"product_data": {"name": "Donation"}, "currency": "usd", "unit_amount": 2500}
    )


@pytest.fixture
def active_subscription(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> stripe.Subscription:
    session = subscription_session(
        stripe_client, monthly_price.id, customer_email="reader@example.com"
    )
    fake_stripe.pay_checkout_session(session.id)
    fake_stripe.discard_pending()
    subscription_id = stripe_client.v1.checkout.sessions.retrieve(session.id).subscription
    return stripe_client.v1.subscriptions.retrieve(subscription_id)


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    receiver.close()
