"""The join form refuses bad input before anything reaches Stripe, and keeps what was typed."""

import uuid

import pytest
from django.urls import reverse

from tests.members.factories import MembershipFactory, PlanPriceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def custom_price():
    return PlanPriceFactory(amount=1200, minimum_custom_amount=1200)


def join(client, price, **fields):
    return client.post(
        reverse("members:join"),
        {"attempt": str(uuid.uuid4()), "price": price.pk, **fields},
    )


def test_a_reader_without_an_account_must_give_an_email_address(client, custom_price):
    response = join(client, custom_price, email="")

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_an_address_that_already_has_a_membership_is_sent_to_sign_in(client, custom_price, reader):
    MembershipFactory(user=reader)

    response = join(client, custom_price, email="READER@example.com")

    html = response.content.decode()
    assert "This address already has a membership. Sign in to manage it." in html
    assert 'value="READER@example.com"' in html


def test_a_chosen_amount_below_the_minimum_is_refused(client, custom_price):
    response = join(
        client, custom_price, email="new@example.com", **{f"amount_{custom_price.pk}": "5"}
    )

    html = response.content.decode()
    assert "The smallest amount is €12 a month." in html
    assert f'name="amount_{custom_price.pk}"' in html
    assert 'value="5"' in html


def test_a_chosen_amount_must_be_a_number(client, custom_price):
    response = join(
        client, custom_price, email="new@example.com", **{f"amount_{custom_price.pk}": "lots"}
    )

    assert "Enter an amount with the digits 0-9" in response.content.decode()


def test_an_inactive_price_cannot_be_chosen(client, custom_price):
    price = PlanPriceFactory(plan=custom_price.plan, interval="year", active=False)

    response = join(client, price, email="new@example.com")

    assert response.status_code == 200
    assert "Choose a plan." in response.content.decode()


def test_stripe_unreachable_at_join_keeps_the_reader_on_the_page(client, custom_price, stripe_fake):
    stripe_fake.fail_next_request(500, method="POST", path="/v1/checkout/sessions")

    response = join(client, custom_price, email="new@example.com")

    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not reach our payment provider, and nothing was charged." in html
    assert 'value="new@example.com"' in html
    assert stripe_fake.objects("checkout.session") == []


def test_a_lost_response_is_retried_without_a_second_checkout(
    client, custom_price, stripe_fake, settings
):
    settings.STRIPE_MAX_NETWORK_RETRIES = 1
    stripe_fake.drop_next_response(method="POST", path="/v1/checkout/sessions")

    response = join(client, custom_price, email="new@example.com")

    assert response.status_code == 303
    (session,) = stripe_fake.objects("checkout.session")
    assert response.url.endswith(session["id"])


def test_probing_many_addresses_is_slowed_down(client, custom_price):
    for _attempt in range(20):
        join(client, custom_price, email="", **{f"amount_{custom_price.pk}": "1"})

    response = join(client, custom_price, email="someone@example.com")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts from your connection" in html
    assert "already has a membership" not in html
