import pytest
from django.urls import reverse

from tests.members.factories import MembershipFactory, PlanFactory, PlanPriceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supporter_prices():
    monthly = PlanPriceFactory(interval="month", amount=500)
    yearly = PlanPriceFactory(plan=monthly.plan, interval="year", amount=5000)
    return monthly, yearly


def test_join_page_shows_each_price_with_its_interval(client, supporter_prices):
    response = client.get(reverse("members:join"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Join monthly: €5 a month" in html
    assert "Join yearly: €50 a year" in html
    assert 'id="interval-month" value="month" autocomplete="off" checked' in html


def test_join_page_sends_members_to_their_account(client, reader):
    MembershipFactory(user=reader)
    client.force_login(reader)

    response = client.get(reverse("members:join"))

    assert response.status_code == 302
    assert response.url == reverse("members:membership-account")


def test_account_page_needs_a_signed_in_reader(client):
    response = client.get(reverse("members:membership-account"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_account_page_invites_non_members_to_join(client, reader):
    client.force_login(reader)

    response = client.get(reverse("members:membership-account"))

    assert b"You are not a member yet" in response.content


def test_join_page_query_budget(client, supporter_prices, django_assert_num_queries):
    PlanPriceFactory(plan=PlanFactory(name="Sustainer"), interval="month", amount=1200)

    # 1. the offered prices with their plans (one join), whatever the number of plans,
    # 2. the header's sections, 3. the featured campaign for the banner (cold cache)
    with django_assert_num_queries(3):
        response = client.get(reverse("members:join"))

    assert response.status_code == 200


def test_account_page_query_budget(client, reader, django_assert_num_queries):
    MembershipFactory(user=reader, plan=PlanPriceFactory().plan)
    client.force_login(reader)

    # 1. the session, 2. the user, 3. the membership with its plan, 4. the header's
    # sections, 5. the featured campaign for the banner (cold cache), 6. whether the
    # member may be named
    with django_assert_num_queries(6):
        response = client.get(reverse("members:membership-account"))

    assert b"Active" in response.content
