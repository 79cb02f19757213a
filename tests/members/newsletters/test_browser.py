"""Browser journeys: a reader signs up on an article page and confirms by email."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from members.newsletters import tokens
from members.newsletters.models import NewsletterSubscription
from tests.articles.factories import ArticleFactory
from tests.browser import assert_accessible
from tests.factories import PASSWORD

from .factories import NewsletterFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def newsletters(db):
    featured = NewsletterFactory(
        name="The Morning Briefing", slug="morning-briefing", is_featured=True
    )
    NewsletterFactory(name="The Weekend Read", slug="the-weekend-read")
    NewsletterFactory(name="Members' Dispatch", slug="members-dispatch", members_only=True)
    return featured


def test_a_reader_signs_up_on_an_article_page_and_confirms_from_the_email(
    page, live_url, newsletters
):
    article = ArticleFactory(headline="Medics race the drones")
    page.goto(f"{live_url}{article.get_absolute_url()}")
    signup = page.locator(".newsletter-compact")
    expect(signup).to_contain_text("Get The Morning Briefing by email")
    assert_accessible(page)

    signup.get_by_label("Email address").fill("olha@example.com")
    signup.get_by_role("button", name="Subscribe").click()

    # Back on the same article, told to check the inbox.
    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    expect(page.get_by_role("alert").or_(page.locator(".alert"))).to_contain_text(
        "We've sent a confirmation email to olha@example.com"
    )
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/newsletters/confirm/\S+/", message.body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your subscription")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, subscribe me").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You're subscribed")
    expect(page.locator("main")).to_contain_text(
        "olha@example.com will receive The Morning Briefing"
    )
    assert NewsletterSubscription.objects.get().is_confirmed


def test_the_newsletter_pages_pass_axe(page, live_url, newsletters, reader):
    page.goto(f"{live_url}/newsletters/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsletters")
    assert_accessible(page)

    # A wrong address: the error is announced next to the field.
    card = page.locator("#newsletter-the-weekend-read")
    card.get_by_label("Email address").fill("olha@example")
    # Skip the browser's own check to see the server's message.
    card.locator("form").evaluate("form => form.noValidate = true")
    card.get_by_role("button", name="Subscribe").click()
    expect(page.locator("#newsletter-the-weekend-read")).to_contain_text(
        "Enter a correct email address"
    )
    assert_accessible(page)

    subscription = SubscriptionFactory(newsletter=newsletters, email=reader.email)
    page.goto(f"{live_url}/newsletters/unsubscribe/{tokens.unsubscribe_token_make(subscription)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're unsubscribed")
    assert_accessible(page)

    page.goto(f"{live_url}/accounts/login/?next=/account/newsletters/")
    page.get_by_label("Email").fill(reader.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Newsletters")
    page.get_by_role("switch", name="The Weekend Read").check()
    page.get_by_role("button", name="Save choices").click()
    expect(page.locator("main")).to_contain_text("Your newsletter choices are saved.")
    expect(page.get_by_role("switch", name="The Weekend Read")).to_be_checked()
    assert_accessible(page)
