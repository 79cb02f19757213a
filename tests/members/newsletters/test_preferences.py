"""The reader's account page: each newsletter on or off."""

from html import unescape

from django.core import mail

from members.newsletters.models import NewsletterSubscription
from tests.members.factories import MembershipFactory

from .factories import SubscriptionFactory

Status = NewsletterSubscription.Status


def test_the_page_needs_a_signed_in_reader(client, db):
    response = client.get("/account/newsletters/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_account_navigation_links_to_it(client, reader):
    client.force_login(reader)
    html = client.get("/accounts/email/").content.decode()
    assert 'href="/account/newsletters/"' in html


def test_a_reader_turns_newsletters_on_and_off(
    client, reader, newsletter, column, django_capture_on_commit_callbacks
):
    SubscriptionFactory(newsletter=column, email=reader.email)
    client.force_login(reader)
    page = client.get("/account/newsletters/").content.decode()
    assert f'value="{column.pk}"\n' in page or f'value="{column.pk}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/account/newsletters/", {"newsletters": [newsletter.pk]}, follow=True
        )

    assert "Your newsletter choices are saved." in unescape(response.content.decode())
    states = dict(NewsletterSubscription.objects.values_list("newsletter__slug", "status"))
    assert states == {
        "morning-briefing": Status.CONFIRMED,
        "letters-from-the-left-bank": "unsubscribed",
    }
    # The account address is verified, so no confirmation email is needed.
    assert mail.outbox == []
    html = response.content.decode()
    assert html.count("checked") == 1


def test_members_only_newsletters_are_offered_to_members_only(client, reader, members_newsletter):
    client.force_login(reader)
    client.post("/account/newsletters/", {"newsletters": [members_newsletter.pk]})
    assert not NewsletterSubscription.objects.exists()
    assert "For members only." in client.get("/account/newsletters/").content.decode()

    MembershipFactory(user=reader)
    client.post("/account/newsletters/", {"newsletters": [members_newsletter.pk]})
    assert NewsletterSubscription.objects.get().is_confirmed


def test_a_reader_sees_pending_signups_waiting_for_confirmation(client, reader, newsletter):
    SubscriptionFactory(newsletter=newsletter, email=reader.email, status="pending")
    client.force_login(reader)
    assert "Waiting for you to confirm" in client.get("/account/newsletters/").content.decode()
