"""The signed links in emails: confirm and (one-click) unsubscribe."""

from datetime import timedelta
from html import unescape
from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from members.newsletters import tokens
from members.newsletters.models import NewsletterSubscription

from .factories import SubscriptionFactory

Status = NewsletterSubscription.Status


@pytest.fixture
def pending(newsletter):
    return SubscriptionFactory(newsletter=newsletter, email="olha@example.com", status="pending")


@pytest.fixture
def confirmed(newsletter):
    return SubscriptionFactory(newsletter=newsletter, email="petro@example.com")


def later(days: float):
    """Pretend `days` have passed, for the signer's clock."""
    moment = timezone.now() + timedelta(days=days)
    return mock.patch("django.core.signing.time.time", return_value=moment.timestamp())


def test_a_confirmation_link_expires(client, pending, settings):
    settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS = 7
    path = f"/newsletters/confirm/{tokens.confirm_token_make(pending)}/"

    with later(days=8):
        response = client.post(path)

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_a_confirmation_link_still_works_within_its_lifetime(client, pending):
    path = f"/newsletters/confirm/{tokens.confirm_token_make(pending)}/"
    with later(days=6):
        client.post(path)
    pending.refresh_from_db()
    assert pending.status == Status.CONFIRMED


def test_a_forged_confirmation_link_is_refused(client, pending, newsletter):
    other = SubscriptionFactory(newsletter=newsletter, email="victim@example.com", status="pending")
    token = tokens.confirm_token_make(pending)
    _value, timestamp, signature = token.rsplit(":", 2)
    forged_value = signing.b64_encode(
        signing.JSONSerializer().dumps({"id": other.pk, "email": other.email})
    ).decode()

    for bad in [f"{forged_value}:{timestamp}:{signature}", token[:-2] + "xx", "nonsense"]:
        response = client.post(f"/newsletters/confirm/{bad}/")
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert set(NewsletterSubscription.objects.values_list("status", flat=True)) == {"pending"}


def test_an_unsubscribe_token_cannot_confirm(client, pending):
    response = client.post(f"/newsletters/confirm/{tokens.unsubscribe_token_make(pending)}/")
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_one_click_unsubscribe_is_a_post_without_session_or_csrf_token(confirmed):
    # What a mail provider does with the List-Unsubscribe headers (RFC 8058).
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        f"/newsletters/unsubscribe/{tokens.unsubscribe_token_make(confirmed)}/",
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    confirmed.refresh_from_db()
    assert confirmed.status == Status.UNSUBSCRIBED
    assert confirmed.unsubscribed_at is not None


def test_opening_the_unsubscribe_link_asks_first_then_unsubscribes(confirmed):
    browser = Client(enforce_csrf_checks=True)
    path = f"/newsletters/unsubscribe/{tokens.unsubscribe_token_make(confirmed)}/"

    page = unescape(browser.get(path).content.decode())
    assert "Unsubscribe from The Morning Briefing?" in page
    confirmed.refresh_from_db()
    assert confirmed.is_confirmed

    page = unescape(browser.post(path, follow=True).content.decode())
    assert "You're unsubscribed" in page
    assert "Subscribe again" in page
    confirmed.refresh_from_db()
    assert confirmed.status == Status.UNSUBSCRIBED


def test_a_forged_unsubscribe_link_changes_nothing(confirmed):
    token = tokens.unsubscribe_token_make(confirmed)
    response = Client().post(f"/newsletters/unsubscribe/{token[:-3]}abc/")
    assert response.status_code == 400
    confirmed.refresh_from_db()
    assert confirmed.is_confirmed


def test_only_the_unsubscribe_view_is_exempt_from_csrf(confirmed, reader):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    token = tokens.confirm_token_make(confirmed)
    assert browser.post(f"/newsletters/confirm/{token}/").status_code == 403
    assert browser.post("/account/newsletters/", {}).status_code == 403
    signup = {"newsletter": confirmed.newsletter.slug, "email": "x@example.com"}
    assert browser.post("/newsletters/signup/", signup).status_code == 403
