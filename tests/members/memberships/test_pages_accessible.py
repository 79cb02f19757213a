"""axe-core (WCAG 2.2 AA) on the membership pages that need no Stripe call."""

import datetime

import pytest
from django.utils import timezone

from members.memberships.models import Membership
from tests.browser import assert_accessible
from tests.factories import PASSWORD
from tests.members.factories import MembershipFactory, PlanPriceFactory


def sign_in(page, live_url, email):
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


@pytest.mark.django_db(transaction=True)
def test_join_page_is_accessible_and_switches_interval(page, live_url):
    monthly = PlanPriceFactory(interval="month", amount=500, minimum_custom_amount=500)
    PlanPriceFactory(plan=monthly.plan, interval="year", amount=5000)

    page.goto(f"{live_url}/membership/")

    assert page.get_by_role("button", name="Join monthly: €5 a month or your amount").is_visible()
    assert not page.get_by_role("button", name="Join yearly: €50 a year").is_visible()
    assert_accessible(page)
    page.get_by_text("Yearly", exact=True).click()
    assert page.get_by_role("button", name="Join yearly: €50 a year").is_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_account_page_is_accessible(page, live_url, reader):
    price = PlanPriceFactory()
    MembershipFactory(
        user=reader,
        plan=price.plan,
        status=Membership.Status.CANCELLING,
        interval="month",
        amount=500,
        currency="eur",
        paid_through=timezone.now() + datetime.timedelta(days=20),
        started_at=timezone.now(),
    )
    sign_in(page, live_url, reader.email)

    page.get_by_role("link", name="Account").click()

    assert page.get_by_role("heading", name="Your membership").is_visible()
    assert page.get_by_text("Cancelling at the end of the period").is_visible()
    assert_accessible(page)
