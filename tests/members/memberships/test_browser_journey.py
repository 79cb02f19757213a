"""A reader joins, pays on the fake Stripe's checkout page, and cancels in its portal."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.billing.webhooks import handled_event_types
from members.memberships.models import Membership
from tests.browser import assert_accessible
from tests.factories import PASSWORD
from tests.members.factories import PlanPriceFactory


@pytest.fixture
def browser_stripe(stripe_fake, live_url, settings):
    """The fake delivering webhooks to the live server as things happen, like Stripe."""
    # Only the types we handle, as a Stripe endpoint is set up (README): the live
    # server shares one SQLite connection between its threads, so it must not get
    # events while it is still answering the request that caused them.
    stripe_fake.configure_webhooks(
        url=f"{live_url}/stripe/webhook/",
        mode="immediate",
        enabled_events=handled_event_types(),
    )
    # Checkout is reached by a redirect after a form post, which CSP form-action governs.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], stripe_fake.base_url],
    }
    return stripe_fake


@pytest.mark.django_db(transaction=True)
def test_a_reader_joins_pays_and_cancels_in_the_browser(page, live_url, reader, browser_stripe):
    monthly = PlanPriceFactory(amount=500, interval="month")
    PlanPriceFactory(plan=monthly.plan, amount=5000, interval="year")
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Email").fill(reader.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.get_by_role("link", name="Become a member").click()
    page.get_by_role("button", name="Join monthly: €5 a month").click()

    expect(page).to_have_url(re.compile(r"/c/pay/cs_"))
    page.get_by_role("button", name="Pay", exact=True).click()

    expect(page.get_by_role("heading", name="Thank you, you are a member")).to_be_visible()
    assert_accessible(page)
    assert Membership.objects.get(user=reader).status == Membership.Status.ACTIVE

    page.get_by_role("link", name="See your membership").click()
    expect(page.get_by_text("Paid through")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Manage billing").click()
    expect(page).to_have_url(re.compile(r"/p/session/"))
    page.get_by_role("button", name="Cancel at period end").click()
    page.get_by_role("link", name=re.compile("Return to")).click()

    expect(page.get_by_text("Cancelling at the end of the period")).to_be_visible()
    expect(page.get_by_text("Ends on")).to_be_visible()
    assert [message.subject for message in mail.outbox] == [
        "Welcome, you are now a member of The Kyiv Ledger",
        "Your The Kyiv Ledger membership will end",
    ]
