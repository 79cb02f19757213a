"""The whole gift journey in a browser: a giver pays on the (fake) Stripe Checkout
page; the recipient opens the emailed link, signs up, and is a member."""

import re

import pytest
from django.core import mail

from members.gifts.models import Gift
from members.memberships.models import Membership
from tests.browser import assert_accessible

from .factories import GiftPriceFactory

LINK = re.compile(r"https?://\S+")


def link_in(message, containing: str) -> str:
    return next(url for url in LINK.findall(message.body) if containing in url)


@pytest.mark.django_db(transaction=True)
def test_a_gift_is_bought_delivered_and_redeemed_by_a_new_reader(
    page, live_url, stripe_fake, settings
):
    stripe_fake.configure_webhooks(url=f"{live_url}/stripe/webhook/", mode="immediate")
    # The CSP lets forms lead to Stripe's pages: here, the fake on its test port.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], stripe_fake.public_url],
    }
    for months, amount in [(1, 600), (3, 1500), (6, 2800), (12, 5000)]:
        GiftPriceFactory(duration_months=months, amount=amount)

    # The giver, signed out, finds the gift page from the header.
    page.goto(live_url)
    page.get_by_role("link", name="Gift membership").click()
    assert_accessible(page)
    page.get_by_label("3 months, €15").check()
    page.get_by_label("Their name").fill("Oksana")
    page.get_by_label("Their email address").fill("oksana@example.com")
    page.get_by_label("Your message (optional)").fill("Happy birthday, read the Ledger!")
    page.get_by_label("Your name").fill("Taras")
    page.get_by_label("Your email address").fill("taras@example.com")
    page.get_by_role("button", name="Continue to payment").click()

    # The fake Stripe Checkout page: the giver's email is prefilled.
    page.get_by_label("Name on card").fill("Taras Shevchenko")
    page.get_by_role("button", name="Pay", exact=True).click()
    page.get_by_role("heading", name="Thank you for your gift").wait_for()
    assert Gift.objects.get().status == Gift.Status.DELIVERED

    # The recipient opens the link from their email in their own browser.
    delivery = next(m for m in mail.outbox if m.to == ["oksana@example.com"])
    page.context.clear_cookies()
    page.goto(link_in(delivery, "/gift/redeem/"))
    page.get_by_role("link", name="sign up").click()
    page.get_by_label("Email").fill("oksana@example.com")
    page.get_by_placeholder("Password", exact=True).fill("a-long-passphrase-for-oksana")
    page.get_by_placeholder("Password (again)").fill("a-long-passphrase-for-oksana")
    page.get_by_role("button", name="Sign Up").click()

    # Mandatory email verification: confirming signs her in and brings her back.
    confirmation = next(
        m for m in mail.outbox if m.to == ["oksana@example.com"] and "confirm" in m.body.lower()
    )
    page.goto(link_in(confirmation, "/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="A gift for you, Oksana").wait_for()
    assert page.get_by_text("Happy birthday, read the Ledger!").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Redeem my gift").click()

    page.get_by_text("Your gift is redeemed: 3 months of membership").wait_for()
    membership = Membership.objects.get(user__email="oksana@example.com")
    assert membership.status == Membership.Status.ACTIVE
    assert membership.source == Membership.Source.GIFT
    assert any(m.to == ["taras@example.com"] and "redeemed" in m.subject for m in mail.outbox)
