"""Everything that calls Stripe or writes rows for a reader is throttled.

Over the limit: status 429, a clear message, nothing created and Stripe not called.
The limits are settings; here they are one request, so the second is over.
"""

import pytest
from django.urls import reverse

from members.gifts.models import Gift
from tests.members.factories import MembershipFactory, PlanPriceFactory
from tests.members.gifts.factories import GiftPriceFactory
from tests.members.gifts.journey import gift_form_data
from tests.members.memberships.journeys import join

pytestmark = pytest.mark.django_db

MESSAGE = "Too many attempts from your connection"


@pytest.fixture(autouse=True)
def _one_request_each(settings):
    settings.CHECKOUT_RATE = "1/h"
    settings.BILLING_PORTAL_RATE = "1/h"
    settings.CHECKOUT_THANKS_RATE = "1/h"


def test_buying_gifts_is_throttled(client, stripe_fake):
    price = GiftPriceFactory()
    assert client.post(reverse("members:gift"), gift_form_data(price)).status_code == 303

    response = client.post(reverse("members:gift"), gift_form_data(price, recipient_name="Ivan"))

    assert response.status_code == 429
    html = response.content.decode()
    assert MESSAGE in html
    assert 'value="Ivan"' in html  # what they typed is kept
    assert Gift.objects.count() == 1
    assert len(stripe_fake.objects("checkout.session")) == 1


def test_a_signed_in_reader_starting_checkouts_is_throttled(client, reader, stripe_fake):
    client.force_login(reader)
    price = PlanPriceFactory()
    join(client, price)

    response = client.post(reverse("members:join"), {"attempt": "x", "price": price.pk})

    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert len(stripe_fake.objects("checkout.session")) == 1


def test_opening_the_billing_portal_is_throttled(client, reader, stripe_fake):
    customer = stripe_fake.client().v1.customers.create(params={"email": reader.email})
    MembershipFactory(user=reader, stripe_customer_id=customer.id)
    client.force_login(reader)
    assert client.post(reverse("members:membership-billing-portal")).status_code == 303

    response = client.post(reverse("members:membership-billing-portal"))

    assert response.status_code == 429
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("page", ["members:membership-thanks", "members:gift-thanks"])
def test_thank_you_page_lookups_are_throttled(client, reader, page, stripe_fake):
    client.force_login(reader)
    first = client.get(reverse(page), {"session_id": "cs_test_not_a_real_session"})
    assert first.status_code == 404

    response = client.get(reverse(page), {"session_id": "cs_test_not_a_real_session"})

    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
