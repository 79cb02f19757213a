import pytest
from django.urls import reverse

from members.memberships.models import Membership, Plan
from tests.factories import UserFactory
from tests.members.factories import MembershipFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    supporter = PlanFactory(name="Supporter")
    sustainer = PlanFactory(name="Sustainer")
    return [
        MembershipFactory(
            user=UserFactory(email="olha@example.com"),
            plan=supporter,
            stripe_customer_id="cus_olha",
            stripe_subscription_id="sub_olha",
        ),
        MembershipFactory(
            user=UserFactory(email="taras@example.com"),
            plan=sustainer,
            status=Membership.Status.PAST_DUE,
        ),
    ]


def changelist(client, editor, **query):
    client.force_login(editor)
    return client.get(reverse("admin:members_membership_changelist"), query).content.decode()


def test_members_are_searchable_by_email(client, editor, members):
    html = changelist(client, editor, q="olha@")

    assert "olha@example.com" in html
    assert "taras@example.com" not in html


def test_members_are_filterable_by_status_and_plan(client, editor, members):
    past_due = changelist(client, editor, status__exact="past_due")
    supporters = changelist(client, editor, plan__id__exact=members[0].plan_id)

    assert "taras@example.com" in past_due and "olha@example.com" not in past_due
    assert "olha@example.com" in supporters and "taras@example.com" not in supporters


def test_a_member_links_to_stripe(client, editor, members):
    client.force_login(editor)

    response = client.get(reverse("admin:members_membership_change", args=[members[0].pk]))

    html = response.content.decode()
    assert 'href="https://dashboard.stripe.com/test/customers/cus_olha"' in html
    assert 'href="https://dashboard.stripe.com/test/subscriptions/sub_olha"' in html


def test_plans_are_edited_with_their_prices(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:members_plan_add"),
        {
            "name": "Patron",
            "slug": "patron",
            "description": "For those who can give more.",
            "benefits": "A call with the editors",
            "active": "on",
            "position": "3",
            "prices-TOTAL_FORMS": "2",
            "prices-INITIAL_FORMS": "0",
            "prices-MIN_NUM_FORMS": "0",
            "prices-MAX_NUM_FORMS": "1000",
            "prices-0-interval": "month",
            "prices-0-amount": "2500",
            "prices-0-currency": "eur",
            "prices-0-active": "on",
            "prices-1-interval": "year",
            "prices-1-amount": "25000",
            "prices-1-currency": "eur",
            "prices-1-active": "on",
        },
    )

    assert response.status_code == 302
    prices = {price.interval: price for price in Plan.objects.get(slug="patron").prices.all()}
    assert prices["month"].amount == 2500
    assert prices["month"].stripe_lookup_key == "newsroom_patron_month"
    assert prices["year"].stripe_lookup_key == "newsroom_patron_year"
