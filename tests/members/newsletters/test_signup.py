import re
from html import unescape

import pytest
from django.core import mail

from members.newsletters.models import NewsletterSubscription
from tests.members.factories import MembershipFactory

Status = NewsletterSubscription.Status


def page_text(response) -> str:
    return unescape(response.content.decode())


CONFIRM_LINK = re.compile(r"http://testserver(/newsletters/confirm/[^/\s]+/)")


def signup(client, capture, *, newsletter, email, **extra):
    with capture(execute=True):
        return client.post(
            "/newsletters/signup/",
            {"newsletter": newsletter.slug, "email": email, **extra},
            follow=True,
        )


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "http://testserver"


def test_signup_sends_a_confirmation_link_and_stays_pending_until_it_is_used(
    client, newsletter, site_url, django_capture_on_commit_callbacks
):
    response = signup(
        client, django_capture_on_commit_callbacks, newsletter=newsletter, email="Olha@Example.com"
    )

    assert "We've sent a confirmation email to olha@example.com" in page_text(response)
    subscription = NewsletterSubscription.objects.get()
    assert (subscription.email, subscription.status) == ("olha@example.com", Status.PENDING)
    (message,) = mail.outbox
    assert message.to == ["olha@example.com"]
    assert "Confirm your subscription to The Morning Briefing" in message.subject
    path = CONFIRM_LINK.search(message.body).group(1)

    # Opening the link (or a mail scanner fetching it) does not confirm...
    page = client.get(path)
    assert "Yes, subscribe me" in page_text(page)
    subscription.refresh_from_db()
    assert subscription.status == Status.PENDING

    # ...pressing the button does.
    page = client.post(path, follow=True)
    assert "You're subscribed" in page_text(page)
    subscription.refresh_from_db()
    assert subscription.status == Status.CONFIRMED
    assert subscription.confirmed_at is not None


def test_a_wrong_address_gets_a_clear_message_and_keeps_what_was_typed(client, newsletter):
    response = client.post(
        "/newsletters/signup/", {"newsletter": newsletter.slug, "email": "olha@example"}
    )

    assert response.status_code == 400
    html = page_text(response)
    assert "Enter a correct email address" in html
    assert 'value="olha@example"' in html
    assert 'aria-invalid="true"' in html
    assert not NewsletterSubscription.objects.exists()
    assert mail.outbox == []


def test_the_email_field_is_marked_required(client, newsletter, column):
    html = client.get("/newsletters/").content.decode()
    assert html.count('class="asteriskField"') == 2
    assert html.count(" required ") + html.count(" required>") >= 2
    assert 'By <a href="/authors/halyna-moroz/">Halyna Moroz</a>' in html


def test_the_answer_is_the_same_for_new_pending_and_subscribed_addresses(
    client, newsletter, django_capture_on_commit_callbacks
):
    def answer(email):
        response = signup(
            client, django_capture_on_commit_callbacks, newsletter=newsletter, email=email
        )
        text = page_text(response).replace(email, "ADDRESS")
        # CSRF tokens are masked afresh on every page.
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
        return response.status_code, response.redirect_chain, text

    NewsletterSubscription.objects.create(
        newsletter=newsletter, email="subscribed@example.com", status=Status.CONFIRMED
    )
    NewsletterSubscription.objects.create(
        newsletter=newsletter, email="pending@example.com", status=Status.PENDING
    )

    new = answer("new@example.com")
    assert new == answer("subscribed@example.com")
    assert new == answer("pending@example.com")
    # Only the owner of the address learns its state, by email.
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["subscribed@example.com"].endswith("already subscribed to The Morning Briefing")
    assert subjects["new@example.com"].startswith("Confirm your subscription")
    assert subjects["pending@example.com"].startswith("Confirm your subscription")
    assert NewsletterSubscription.objects.get(email="subscribed@example.com").is_confirmed


def test_signup_does_not_resubscribe_without_a_new_confirmation(
    client, newsletter, django_capture_on_commit_callbacks
):
    NewsletterSubscription.objects.create(
        newsletter=newsletter, email="left@example.com", status=Status.UNSUBSCRIBED
    )
    signup(
        client, django_capture_on_commit_callbacks, newsletter=newsletter, email="left@example.com"
    )
    assert NewsletterSubscription.objects.get().status == Status.PENDING
    assert mail.outbox[0].subject.startswith("Confirm your subscription")


def test_signup_is_rate_limited_per_address(
    client, newsletter, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_SIGNUP_RATE_PER_ADDRESS = "2/h"
    for _ in range(2):
        signup(
            client, django_capture_on_commit_callbacks, newsletter=newsletter, email="a@example.com"
        )
    response = signup(
        client, django_capture_on_commit_callbacks, newsletter=newsletter, email="A@example.com"
    )

    assert response.status_code == 429
    assert "too many signup attempts" in page_text(response)
    assert len(mail.outbox) == 2
    # Another address from the same place still works.
    response = signup(
        client, django_capture_on_commit_callbacks, newsletter=newsletter, email="b@example.com"
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 3


def test_signup_is_rate_limited_per_ip(
    client, newsletter, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_SIGNUP_RATE_PER_IP = "3/h"
    for number in range(3):
        signup(
            client,
            django_capture_on_commit_callbacks,
            newsletter=newsletter,
            email=f"r{number}@example.com",
        )
    response = signup(
        client, django_capture_on_commit_callbacks, newsletter=newsletter, email="r9@example.com"
    )
    assert response.status_code == 429
    assert len(mail.outbox) == 3

    other_client = client.__class__(REMOTE_ADDR="203.0.113.9")
    response = signup(
        other_client,
        django_capture_on_commit_callbacks,
        newsletter=newsletter,
        email="r9@example.com",
    )
    assert response.status_code == 200


def test_a_signed_in_reader_subscribing_their_verified_address_is_confirmed_at_once(
    client, reader, newsletter, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    response = signup(
        client, django_capture_on_commit_callbacks, newsletter=newsletter, email=reader.email
    )
    assert "You're subscribed to The Morning Briefing" in page_text(response)
    subscription = NewsletterSubscription.objects.get()
    assert subscription.is_confirmed and subscription.user == reader
    assert mail.outbox == []


def test_members_only_newsletters_turn_away_readers_who_are_not_members(
    client, reader, members_newsletter, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    response = signup(
        client,
        django_capture_on_commit_callbacks,
        newsletter=members_newsletter,
        email=reader.email,
    )
    assert response.status_code == 403
    assert "is for members" in page_text(response)
    assert not NewsletterSubscription.objects.exists()

    MembershipFactory(user=reader)
    response = signup(
        client,
        django_capture_on_commit_callbacks,
        newsletter=members_newsletter,
        email=reader.email,
    )
    assert response.status_code == 200
    assert NewsletterSubscription.objects.get().is_confirmed


def test_members_only_newsletters_offer_no_form_to_anonymous_readers(client, members_newsletter):
    html = client.get("/newsletters/").content.decode()
    assert "This newsletter is for members" in html
    assert 'action="/newsletters/signup/"' not in html


def test_signup_returns_to_the_page_it_was_made_on(
    client, newsletter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/newsletters/signup/",
            {"newsletter": newsletter.slug, "email": "a@example.com", "next": "/some/article/"},
        )
    assert response.url == "/some/article/"
    response = client.post(
        "/newsletters/signup/",
        {"newsletter": newsletter.slug, "email": "b@example.com", "next": "https://evil.example/"},
    )
    assert response.url == "/newsletters/#newsletter-morning-briefing"


def test_the_home_page_carries_the_compact_signup_for_the_featured_newsletter(
    client, newsletter, column
):
    newsletter.is_featured = True
    newsletter.save()
    html = client.get("/").content.decode()
    assert "Get The Morning Briefing by email" in html
    assert 'name="newsletter" value="morning-briefing"' in html
    assert 'name="next" value="/"' in html


def test_without_a_featured_newsletter_the_compact_form_offers_a_choice(client, newsletter, column):
    html = client.get("/").content.decode()
    assert "Get our newsletters" in html
    radios = re.findall(r'<input type="radio"[^>]*name="newsletter" value="([^"]+)"', html)
    assert sorted(radios) == ["letters-from-the-left-bank", "morning-briefing"]


def test_the_newsletters_page_takes_a_fixed_number_of_queries(
    client, newsletter, column, members_newsletter, django_assert_num_queries
):
    # 1. the active newsletters, 2. the sections for the header navigation,
    # 3. the featured campaign for the banner (cold cache); nothing else for an
    # anonymous reader (membership is looked up only for a signed-in one).
    with django_assert_num_queries(3):
        response = client.get("/newsletters/")
    assert response.status_code == 200


def test_a_compact_signup_without_a_chosen_newsletter_asks_to_choose_and_keeps_the_address(
    client, newsletter, column
):
    response = client.post("/newsletters/signup/", {"email": "olha@example.com"})
    assert response.status_code == 400
    html = page_text(response)
    assert "Choose a newsletter" in html
    assert 'value="olha@example.com"' in html
    assert not NewsletterSubscription.objects.exists()


def test_a_signup_for_a_retired_newsletter_says_so(client, newsletter):
    newsletter.is_active = False
    newsletter.save()
    response = client.post(
        "/newsletters/signup/", {"newsletter": newsletter.slug, "email": "olha@example.com"}
    )
    assert response.status_code == 400
    assert "That newsletter is not available any more." in page_text(response)
