"""The hosted Checkout and portal pages work in Chromium and pass axe (WCAG 2.2 AA)."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from tests.fake_stripe import FakeStripe

from .helpers import subscription_session

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
APP_PAGE = "<!doctype html><html lang=en><title>Newsroom</title><main><h1>App</h1></main></html>"

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(page: Any) -> Any:
    """pytest-playwright's page, with the app's URLs (success_url, return_url...) answered
    locally instead of over the network."""
    page.route(
        "https://newsroom.test/**",
        lambda route: route.fulfill(status=200, body=APP_PAGE, content_type="text/html"),
    )
    return page


def assert_accessible(page: object) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()


def test_a_reader_pays_on_the_checkout_page_after_a_declined_card(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    monthly_price: stripe.Price,
    browser_page,
) -> None:
    page = browser_page
    session = subscription_session(stripe_client, monthly_price.id)

    page.goto(session.url)
    assert_accessible(page)
    page.get_by_label("Email").fill("reader@example.com")
    page.get_by_role("button", name="Pay with a declined card").click()
    assert page.get_by_role("alert").inner_text() == "Your card was declined."
    assert_accessible(page)
    page.get_by_role("button", name="Pay", exact=True).click()
    page.wait_for_url(f"https://newsroom.test/welcome?session={session.id}")

    assert fake_stripe.get(session.id)["status"] == "complete"


def test_a_member_cancels_in_the_portal_page(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    active_subscription: stripe.Subscription,
    browser_page,
) -> None:
    page = browser_page
    portal = stripe_client.v1.billing_portal.sessions.create(
        params={"customer": active_subscription.customer, "return_url": "https://newsroom.test/"}
    )

    page.goto(portal.url)
    assert_accessible(page)
    page.get_by_role("button", name="Cancel at period end").click()

    assert "canceled at the end of the period" in page.get_by_role("status").inner_text()
    assert fake_stripe.get(active_subscription.id)["cancel_at_period_end"] is True
    page.get_by_role("link", name="Return to newsroom.test").click()
    page.wait_for_url("https://newsroom.test/")


def test_a_member_pays_a_failed_invoice_on_its_page(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    active_subscription: stripe.Subscription,
    browser_page,
) -> None:
    page = browser_page
    fake_stripe.fail_renewal(active_subscription.id)
    invoice_id = fake_stripe.get(active_subscription.id)["latest_invoice"]

    page.goto(fake_stripe.get(invoice_id)["hosted_invoice_url"])
    assert_accessible(page)
    page.get_by_role("button", name="Pay $5.00").click()

    assert "the invoice is paid" in page.get_by_role("status").inner_text()
    assert_accessible(page)
    assert fake_stripe.get(active_subscription.id)["status"] == "active"
