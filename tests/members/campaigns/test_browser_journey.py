"""A reader sees the banner, joins through the fake Stripe, and moves the count by one."""

import re

import pytest
from playwright.sync_api import expect

from members.billing.webhooks import handled_event_types
from tests.browser import assert_accessible
from tests.members.factories import PlanPriceFactory


@pytest.fixture
def browser_stripe(stripe_fake, live_url, settings):
    """The fake delivering webhooks to the live server as things happen, like Stripe."""
    stripe_fake.configure_webhooks(
        url=f"{live_url}/stripe/webhook/", mode="immediate", enabled_events=handled_event_types()
    )
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], stripe_fake.base_url],
    }
    return stripe_fake


@pytest.mark.django_db(transaction=True)
def test_a_checkout_moves_the_banner_and_the_progress_page_by_one(
    page, live_url, campaign, browser_stripe
):
    campaign.starting_count = 640
    campaign.save()
    PlanPriceFactory(amount=500, interval="month")

    page.goto(f"{live_url}/")
    banner = page.get_by_role("region", name="Membership campaign")
    expect(banner).to_contain_text("640 of 1,000 new members")
    expect(banner.get_by_role("img", name="American Express")).to_be_visible()
    assert_accessible(page)

    banner.get_by_role("link", name="Become a member").click()
    page.get_by_label("Your email address").fill("olha@example.com")
    page.get_by_role("button", name="Join monthly: €5 a month").click()
    expect(page).to_have_url(re.compile(r"/c/pay/cs_"))
    page.get_by_role("button", name="Pay", exact=True).click()
    expect(page.get_by_role("heading", name="Thank you, you are a member")).to_be_visible()

    page.goto(f"{live_url}/campaign/")
    expect(page.get_by_role("heading", name=campaign.name)).to_be_visible()
    expect(page.locator("#count-heading + p")).to_have_text("641 of 1,000 new members")
    expect(banner).to_contain_text("641 of 1,000 new members")
    assert_accessible(page)

    banner.get_by_role("button", name="Hide the campaign banner for this visit").click()
    expect(banner).to_be_hidden()
    page.reload()
    expect(page.get_by_role("region", name="Membership campaign")).to_have_count(0)
