"""Attribution survives both orders: the webhook first, or the thank-you page first."""

import uuid

import pytest
from django.urls import reverse

from members.analytics.buffer import buffer_size
from members.analytics.flush import analytics_flush
from members.analytics.models import Conversion, EventDay
from members.memberships.views import SESSION_CHECKOUTS
from tests.articles.factories import ArticleFactory
from tests.members.factories import PlanPriceFactory
from tests.members.gifts.factories import GiftPriceFactory
from tests.members.gifts.journey import gift_checkout_start

from .conftest import BROWSER_UA

pytestmark = pytest.mark.django_db


@pytest.fixture
def gift_price():
    return GiftPriceFactory(duration_months=3, amount=1500)


@pytest.fixture
def article():
    return ArticleFactory(headline="The river that feeds the city")


def attribution(article) -> dict[str, str]:
    """The hidden fields as the form page and analytics.js fill them in."""
    return {
        "attribution_last": article.get_absolute_url(),
        "attribution_landing": "/",
        "attribution_via": "banner",
        "attribution_campaign": "4",
        "attribution_utm_source": "newsletter",
    }


def join_from(client, article) -> str:
    price = PlanPriceFactory(amount=500, currency="eur", interval="month")
    data = {"attempt": str(uuid.uuid4()), "price": price.pk, "email": "olha@example.com"}
    response = client.post(
        reverse("members:join"),
        {**data, **attribution(article)},
        headers={"User-Agent": BROWSER_UA},
    )
    assert response.status_code == 303
    return client.session[SESSION_CHECKOUTS][-1]


def assert_credited(conversion: Conversion, article, kind: str) -> None:
    assert (conversion.kind, conversion.article, conversion.campaign_id) == (kind, article, 4)
    assert (conversion.via, conversion.landing_path, conversion.utm_source) == (
        "banner",
        "/",
        "newsletter",
    )


def test_membership_webhook_first_then_thank_you_page(
    client, article, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    session_id = join_from(client, article)
    stripe_fake.pay_checkout_session(session_id)

    deliver()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("members:membership-thanks"), {"session_id": session_id})

    assert_credited(Conversion.objects.get(), article, "membership")


def test_membership_thank_you_page_first_then_webhook(
    client, article, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    session_id = join_from(client, article)
    stripe_fake.pay_checkout_session(session_id)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("members:membership-thanks"), {"session_id": session_id})
    deliver(duplicate=True)

    assert_credited(Conversion.objects.get(), article, "membership")


def test_gift_webhook_first_then_thank_you_page(
    client, article, stripe_fake, deliver, gift_price, django_capture_on_commit_callbacks
):
    gift = gift_checkout_start(client, gift_price, **attribution(article))
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)

    deliver(reverse=True, duplicate=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("members:gift-thanks"), {"session_id": gift.stripe_checkout_session_id})

    assert_credited(Conversion.objects.get(), article, "gift")


def test_gift_thank_you_page_first_then_webhook(
    client, article, stripe_fake, deliver, gift_price, django_capture_on_commit_callbacks
):
    gift = gift_checkout_start(client, gift_price, **attribution(article))
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("members:gift-thanks"), {"session_id": gift.stripe_checkout_session_id})
    deliver()

    assert_credited(Conversion.objects.get(), article, "gift")


def test_a_started_checkout_is_counted_for_the_banners_campaign(client, article, stripe_fake):
    join_from(client, article)
    analytics_flush()
    started = EventDay.objects.get(kind=EventDay.Kind.CHECKOUT_STARTED)
    assert (started.campaign_id, started.detail, started.count) == (4, "membership", 1)


def test_do_not_track_sends_no_attribution_to_stripe(client, article, stripe_fake, deliver):
    price = PlanPriceFactory(amount=500, currency="eur", interval="month")
    data = {"attempt": str(uuid.uuid4()), "price": price.pk, "email": "olha@example.com"}
    client.post(reverse("members:join"), {**data, **attribution(article)}, headers={"DNT": "1"})
    session_id = client.session[SESSION_CHECKOUTS][-1]
    stripe_fake.pay_checkout_session(session_id)
    deliver()

    conversion = Conversion.objects.get()
    assert (conversion.article, conversion.last_path, conversion.campaign_id) == (None, "", 0)
    assert buffer_size() == 0  # no checkout counted either
