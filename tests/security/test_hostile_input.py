"""Server errors the fuzz test found, each pinned by the input that caused it."""

import pytest

from members.billing.models import StripeEvent
from tests.members.factories import MembershipFactory, PlanPriceFactory
from tests.members.newsletters.factories import NewsletterFactory
from tests.members.signing import make_event, post_event

pytestmark = pytest.mark.django_db


def test_a_nul_character_in_a_form_field_is_a_bad_request(client):
    NewsletterFactory(slug="briefing")

    response = client.post(
        "/newsletters/signup/", {"newsletter": "brief\x00ing", "email": "a@example.com"}
    )

    assert response.status_code == 400


def test_a_nul_character_in_a_search_is_a_bad_request(client):
    assert client.get("/search/", {"q": "kyiv\x00"}).status_code == 400


def test_a_banner_dismissal_with_a_bare_word_as_next_goes_there(client):
    response = client.post("/campaign/banner/dismiss/", {"campaign": "1", "next": "home"})

    assert response.status_code == 302
    assert response.url == "home"


def test_continuing_a_gift_membership_with_a_malformed_plan_asks_to_choose(client, reader):
    MembershipFactory(user=reader, source="gift")
    PlanPriceFactory()
    client.force_login(reader)

    for price in [" ", "1e3", "\u0661", "9" * 40]:
        response = client.post("/gift/continue/checkout/", {"price": price})
        assert response.status_code == 302
        assert response.url == "/gift/continue/"


@pytest.mark.parametrize(
    "changes",
    [
        {"created": [1]},
        {"created": ":"},
        {"id": ["evt_1"]},
        {"type": {"a": 1}},
        {"data": []},
        {"data": {"object": "x"}},
    ],
)
def test_a_signed_body_not_shaped_like_an_event_is_refused(client, changes):
    event = {**make_event("customer.created", {"id": "cus_1"}), **changes}

    response = post_event(client, event)

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
