"""A reader reads an article, clicks the banner, pays; the dashboard credits the article."""

import re
import time

import pytest
from django.test import Client
from playwright.sync_api import expect

from members.analytics.buffer import buffer_size
from members.analytics.flush import analytics_flush
from tests.articles.factories import ArticleFactory
from tests.browser import assert_accessible
from tests.members.campaigns.factories import CampaignFactory
from tests.members.campaigns.test_browser_journey import (  # noqa: F401 - a fixture
    browser_stripe,
)
from tests.members.factories import PlanPriceFactory

from .conftest import BROWSER_UA


def _wait_for_beacons(count: int) -> None:
    for _ in range(100):
        if buffer_size() >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"expected {count} beacons")


@pytest.mark.django_db(transaction=True)
def test_the_article_read_before_joining_is_credited_with_the_member(
    browser,
    live_url,
    browser_stripe,  # noqa: F811 - the imported fixture
    editor,
):
    from newsroom.clock import newsroom_today

    today = newsroom_today()
    CampaignFactory(featured=True, starts_on=today.replace(day=1), ends_on=today.replace(day=28))
    PlanPriceFactory(amount=500, interval="month")
    article = ArticleFactory(headline="The river that feeds the city")
    # Headless Chromium calls itself HeadlessChrome, which is rightly counted as a bot.
    context = browser.new_context(user_agent=BROWSER_UA)
    page = context.new_page()

    page.goto(f"{live_url}{article.get_absolute_url()}")
    _wait_for_beacons(2)  # the page view and the banner impression
    banner = page.get_by_role("region", name="Membership campaign")
    banner.get_by_role("link", name="Become a member").click()
    page.get_by_label("Your email address").fill("olha@example.com")
    page.get_by_role("button", name="Join monthly: €5 a month").click()
    expect(page).to_have_url(re.compile(r"/c/pay/cs_"))
    page.get_by_role("button", name="Pay", exact=True).click()
    expect(page.get_by_role("heading", name="Thank you, you are a member")).to_be_visible()
    _wait_for_beacons(5)  # + the banner click, the membership page, the thank-you page
    analytics_flush()

    client = Client()
    client.force_login(editor)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}]
    )
    page.goto(f"{live_url}/admin/members/siteday/")
    top = page.get_by_role("table", name="Articles readers read just before paying")
    row = top.get_by_role("row").filter(has_text="The river that feeds the city")
    expect(row).to_contain_text("1")
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")  # one member gained
    funnel = page.get_by_role("table", name=re.compile("Banner impression"))
    expect(funnel.get_by_role("row").nth(1)).to_contain_text("1")
    assert_accessible(page)
    context.close()
