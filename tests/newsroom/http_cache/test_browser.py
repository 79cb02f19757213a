"""A reader on a cached page signs up for the newsletter and hides the banner."""

import pytest
from playwright.sync_api import expect

from members.newsletters.models import NewsletterSubscription
from tests.browser import assert_accessible
from tests.members.campaigns.factories import CampaignFactory


@pytest.mark.django_db(transaction=True)
def test_forms_on_a_cached_page_work_for_a_reader(page, live_url, newsroom, page_cache_on):
    CampaignFactory(featured=True, banner_text="Help us reach 1,000 members.")
    url = f"{live_url}/articles/bridge/"
    page.request.get(url)  # another reader: now stored for everyone
    assert page.request.get(url).headers["x-page-cache"] == "hit"
    response = page.goto(url)
    # The shared copy (or, had it just expired, its identical replacement).
    assert "public" in response.headers["cache-control"]
    assert "set-cookie" not in response.headers
    assert_accessible(page)

    signup = page.get_by_role("region", name="Get Morning Ledger by email")
    signup.get_by_label("Email").fill("olena@example.com")
    signup.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Thanks for subscribing to Morning Ledger!")).to_be_visible()
    assert NewsletterSubscription.objects.filter(email="olena@example.com").exists()

    banner = page.get_by_role("region", name="Membership campaign")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="Hide the campaign banner for this visit").click()
    expect(banner).to_be_hidden()
    page.reload()  # the reader now has a session: their pages skip the shared copy
    expect(page.get_by_role("region", name="Membership campaign")).to_have_count(0)
    expect(page.get_by_role("heading", name="Bridge reopens")).to_be_visible()

    # Another reader still gets the shared page, banner included.
    other = page.context.browser.new_page()
    again = other.goto(url)
    assert "public" in again.headers["cache-control"]
    expect(other.get_by_role("region", name="Membership campaign")).to_be_visible()
    other.close()
