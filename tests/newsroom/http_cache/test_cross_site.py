"""The forms on cached pages carry no token; posts from other sites are refused instead."""

import pytest
from django.test import Client

from members.newsletters.models import NewsletterSubscription
from tests.members.campaigns.factories import CampaignFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/newsletters/signup/"


@pytest.fixture
def browser_client():
    """A client that is checked like a browser (Django's test client skips CSRF otherwise)."""
    return Client(enforce_csrf_checks=True)


def _signup(client, newsroom, **headers):
    return client.post(
        SIGNUP,
        {"email": "olena@example.com", "newsletter": newsroom["newsletter"].slug, "next": "/"},
        headers=headers,
    )


def test_the_cached_signup_form_posts_from_our_own_pages(browser_client, newsroom):
    page = browser_client.get("/articles/bridge/")
    assert 'action="/newsletters/signup/"' in page.content.decode()
    assert "csrfmiddlewaretoken" not in page.content.decode()
    response = _signup(browser_client, newsroom, sec_fetch_site="same-origin")
    assert response.status_code == 302
    assert NewsletterSubscription.objects.filter(email="olena@example.com").exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"sec_fetch_site": "cross-site"},
        {"sec_fetch_site": "same-site"},
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {},
    ],
    ids=["cross-site", "same-site", "foreign-origin", "opaque-origin", "no-browser-signal"],
)
def test_a_cross_site_signup_is_refused_and_changes_nothing(browser_client, newsroom, headers):
    response = _signup(browser_client, newsroom, **headers)
    assert response.status_code == 403
    assert "This form came from another website" in response.content.decode()
    assert not NewsletterSubscription.objects.exists()


def test_older_browsers_are_checked_by_origin(browser_client, newsroom):
    response = _signup(browser_client, newsroom, origin="http://testserver")
    assert response.status_code == 302


def test_hiding_the_banner_from_another_site_is_refused(browser_client, newsroom):
    campaign = CampaignFactory(featured=True)
    data = {"campaign": campaign.pk, "next": "/"}
    refused = browser_client.post(
        "/campaign/banner/dismiss/", data, headers={"sec_fetch_site": "cross-site"}
    )
    assert refused.status_code == 403
    assert "data-campaign-banner" in browser_client.get("/").content.decode()
    accepted = browser_client.post(
        "/campaign/banner/dismiss/", data, headers={"sec_fetch_site": "same-origin"}
    )
    assert accepted.status_code == 302
    assert "data-campaign-banner" not in browser_client.get("/").content.decode()


def test_other_forms_still_need_django_s_token(browser_client, reader):
    browser_client.force_login(reader)
    response = browser_client.post("/accounts/logout/", headers={"sec_fetch_site": "same-origin"})
    assert response.status_code == 403
