"""Through the fake Stripe: a checkout counts once, a replay never, a refund comes off."""

import pytest
from django.urls import reverse

from members.billing import gateway
from members.campaigns.models import CampaignCounter, PublicSupporter
from members.memberships.models import Membership
from tests.members.factories import PlanPriceFactory
from tests.members.memberships.journeys import join

pytestmark = pytest.mark.django_db


def counted(campaign) -> int:
    return CampaignCounter.objects.get(campaign=campaign).members


@pytest.fixture
def monthly():
    return PlanPriceFactory(amount=500, currency="eur", interval="month")


def test_a_paid_checkout_counts_once_however_often_stripe_says_so(
    client, campaign, monthly, stripe_fake, deliver
):
    session_id = join(client, monthly, email="new@example.com")
    stripe_fake.pay_checkout_session(session_id)

    deliver(duplicate=True)  # every event twice
    assert counted(campaign) == 1

    client.get(reverse("members:membership-thanks"), {"session_id": session_id})  # same again
    assert counted(campaign) == 1
    assert "<strong>1</strong> of 1,000" in client.get("/").content.decode()


def test_a_refunded_first_payment_comes_off_once(client, campaign, monthly, stripe_fake, deliver):
    session_id = join(client, monthly, email="new@example.com")
    stripe_fake.pay_checkout_session(session_id)
    deliver()
    membership = Membership.objects.get(user__email="new@example.com")
    assert counted(campaign) == 1
    invoice = gateway.stripe_client().v1.invoices.retrieve(
        membership.starts.get().stripe_invoice_id, params={"expand": ["payments"]}
    )
    payment_intent = invoice.payments.data[0].payment.payment_intent

    gateway.stripe_client().v1.refunds.create(params={"payment_intent": payment_intent})
    deliver(duplicate=True)

    assert counted(campaign) == 0
    assert membership.starts.get().refunded_at is not None


def test_an_anonymous_joiner_who_opts_in_is_named_once_paid(
    client, campaign, monthly, stripe_fake, deliver
):
    response = client.post(
        reverse("members:join"),
        {
            "price": monthly.pk,
            "email": "olha@example.com",
            "attempt": "5a0f4c1e-2d1b-4c55-9a57-2e0b8f4f9d10",
            "named": "on",
            "public_first_name": "Olha",
            "public_city": "Uzhhorod",
        },
    )
    assert response.status_code == 303
    session_id = response.url.rsplit("/", 1)[-1]
    stripe_fake.pay_checkout_session(session_id)
    deliver()

    supporter = PublicSupporter.objects.get(user__email="olha@example.com")
    assert (supporter.first_name, supporter.city, supporter.named) == ("Olha", "Uzhhorod", True)
    page = client.get(reverse("members:campaign-progress", kwargs={"slug": campaign.slug}))
    assert "Olha from Uzhhorod" in page.content.decode()
