"""Emails go out in the language the reader used, whoever or whatever sends them."""

import pytest
from django.core import mail
from django.utils import translation

from articles.audio.services import article_audio_request
from members.memberships.emails import email_membership_ended
from members.newsletters.subscriptions import subscription_request
from tests.articles.factories import ArticleFactory
from tests.factories import UserFactory
from tests.members.factories import MembershipFactory
from tests.members.newsletters.factories import NewsletterFactory

pytestmark = pytest.mark.django_db


def test_a_newsletter_confirmation_is_in_the_language_the_reader_signed_up_in(
    django_capture_on_commit_callbacks,
):
    newsletter = NewsletterFactory(name="Ранок", language="uk")
    with django_capture_on_commit_callbacks(execute=True), translation.override("uk"):
        subscription_request(newsletter=newsletter, email="chytach@example.com")

    assert mail.outbox[-1].subject == "Підтвердьте підписку на розсилку Ранок"
    assert "/uk/newsletters/confirm/" in mail.outbox[-1].body


def test_a_membership_email_is_in_the_account_language_even_from_an_english_webhook(
    django_capture_on_commit_callbacks,
):
    membership = MembershipFactory(user=UserFactory(language="uk"))
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        email_membership_ended(membership)

    assert mail.outbox[-1].subject == "Ваше членство в The Kyiv Ledger завершилося"
    assert "/uk/membership/" in mail.outbox[-1].body


def test_the_newsletter_pages_offer_only_the_editions_newsletters(client):
    NewsletterFactory(name="Morning", language="en")
    NewsletterFactory(name="Ранок", language="uk")

    ukrainian = client.get("/uk/newsletters/").content.decode()
    english = client.get("/newsletters/").content.decode()

    assert "Ранок" in ukrainian and "Morning" not in ukrainian
    assert "Morning" in english and "Ранок" not in english


def test_only_articles_in_a_language_with_a_voice_are_narrated(client, settings):
    settings.NARRATION_LANGUAGES = ["en"]
    english = ArticleFactory(language="en", slug="with-audio")
    ukrainian = ArticleFactory(language="uk", slug="bez-audio")

    assert article_audio_request(article_id=english.pk) is not None
    assert article_audio_request(article_id=ukrainian.pk) is None
    page = client.get(ukrainian.get_absolute_url()).content.decode()
    assert "article-audio" not in page
    podcast = client.get("/feeds/audio/").content.decode()
    assert "bez-audio" not in podcast
