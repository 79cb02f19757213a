"""One idea of the reader's address behind a proxy, for our limits and allauth's.

The site runs behind one nginx (TRUSTED_PROXY_COUNT=1): every request arrives from
the proxy's address, and the proxy appends the address it saw to X-Forwarded-For.
"""

import pytest
from django.test import Client

from members.newsletters.models import NewsletterSubscription
from tests.members.newsletters.factories import NewsletterFactory

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.NEWSLETTER_SIGNUP_RATE_PER_IP = "2/h"
    settings.NEWSLETTER_SIGNUP_RATE_PER_ADDRESS = "100/h"
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/h/ip"}


@pytest.fixture
def newsletter(db):
    return NewsletterFactory(slug="briefing")


def via_proxy(forwarded_for: str) -> Client:
    """A browser whose requests reach us through the proxy, with the header it sends."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def newsletter_signup(client: Client, email: str) -> int:
    response = client.post(
        "/newsletters/signup/", {"newsletter": "briefing", "email": email}, follow=False
    )
    return response.status_code


def account_signup(client: Client, email: str) -> int:
    data = {
        "email": email,
        "password1": "a long passphrase 42",
        "password2": "a long passphrase 42",
    }
    return client.post("/accounts/signup/", data).status_code


def test_two_readers_behind_the_same_proxy_are_limited_separately(newsletter):
    first, second = via_proxy("198.51.100.1"), via_proxy("198.51.100.2")

    assert [newsletter_signup(first, f"a{n}@example.com") for n in range(3)][-1] == 429
    assert newsletter_signup(second, "b@example.com") != 429
    assert [account_signup(first, f"c{n}@example.com") for n in range(3)][-1] == 429
    assert account_signup(second, "d@example.com") != 429


def test_a_forged_forwarded_for_header_does_not_reset_a_limit(newsletter):
    # The proxy appends the real address after whatever the client claimed.
    for number in range(2):
        newsletter_signup(via_proxy(f"192.0.2.{number}, 198.51.100.7"), f"e{number}@example.com")
        account_signup(via_proxy(f"192.0.2.{number}, 198.51.100.7"), f"f{number}@example.com")

    forged = via_proxy("192.0.2.99, 198.51.100.7")
    assert newsletter_signup(forged, "late@example.com") == 429
    assert account_signup(forged, "late-account@example.com") == 429
    assert not NewsletterSubscription.objects.filter(email="late@example.com").exists()


def test_without_a_trusted_proxy_the_header_is_ignored(newsletter, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(2):
        newsletter_signup(via_proxy(f"198.51.100.{number}"), f"g{number}@example.com")

    assert newsletter_signup(via_proxy("198.51.100.50"), "h@example.com") == 429
