"""Gift fixtures. `stripe_fake` and `deliver` (the fake Stripe and webhook delivery)
come from tests/members/conftest.py."""

import pytest

from tests.factories import UserFactory

from .factories import GiftPriceFactory


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
    return UserFactory(email="friend@example.com", first_name="Oksana")
