"""The thank-you page only answers the browser or account that paid."""

import pytest
from django.test import Client
from django.urls import reverse

from members.memberships.models import Membership
from tests.factories import UserFactory
from tests.members.factories import PlanPriceFactory
from tests.members.memberships.journeys import join, thanks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("session_id", ["", "nonsense", "cs_<script>", "pi_123456789"])
def test_a_malformed_session_id_is_not_found(client, session_id):
    response = client.get(reverse("members:membership-thanks"), {"session_id": session_id})

    assert response.status_code == 404


def test_a_session_started_elsewhere_is_not_found_for_an_anonymous_reader(client):
    response = client.get(
        reverse("members:membership-thanks"), {"session_id": "cs_test_someone_elses_session"}
    )

    assert response.status_code == 404


def test_billing_portal_needs_a_billing_account(client, reader):
    client.force_login(reader)

    response = client.post(reverse("members:membership-billing-portal"))

    assert response.status_code == 404


def test_billing_portal_only_answers_post(client, reader):
    client.force_login(reader)

    response = client.get(reverse("members:membership-billing-portal"))

    assert response.status_code == 405


@pytest.mark.usefixtures("stripe_fake")
def test_a_forged_session_id_is_not_found(client, reader):
    client.force_login(reader)

    response = client.get(
        reverse("members:membership-thanks"), {"session_id": "cs_test_forged0000000000000000"}
    )

    assert response.status_code == 404


def test_someone_elses_paid_session_shows_nothing_and_changes_nothing_for_them(
    client, reader, stripe_fake, deliver
):
    other = UserFactory(email="other@example.com")
    other_client = Client()
    other_client.force_login(other)
    session_id = join(other_client, PlanPriceFactory())
    stripe_fake.pay_checkout_session(session_id)
    client.force_login(reader)

    response = thanks(client, session_id)

    assert response.status_code == 404
    assert "other@example.com" not in response.content.decode()
    assert not Membership.objects.filter(user=reader).exists()


def test_a_gift_checkout_session_is_not_a_membership(client, reader, stripe_fake):
    session = stripe_fake.client().v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {
                        "currency": "eur",
                        "unit_amount": 5000,
                        "product_data": {"name": "Gift"},
                    },
                    "quantity": 1,
                }
            ],
            "success_url": "http://testserver/",
            "metadata": {"newsroom_kind": "gift"},
        }
    )
    stripe_fake.pay_checkout_session(session.id, email=reader.email)
    client.force_login(reader)

    response = thanks(client, session.id)

    assert response.status_code == 404
    assert not Membership.objects.exists()


def test_stripe_unreachable_says_the_payment_is_being_confirmed(client, reader, stripe_fake):
    session_id = join(client, PlanPriceFactory(), email="new@example.com")
    stripe_fake.pay_checkout_session(session_id)
    stripe_fake.fail_next_request(503, path="/v1/checkout/sessions/")

    response = thanks(client, session_id)

    assert response.status_code == 503
    assert "We are confirming your payment" in response.content.decode()
    assert not Membership.objects.exists()
