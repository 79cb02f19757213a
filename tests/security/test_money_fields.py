"""Bad amounts are form errors with a clear message, never a 500, wherever money is typed."""

import uuid

import pytest
from django.urls import reverse

from members.gifts.models import GiftPrice
from members.memberships.models import Plan, PlanPrice
from tests.members.factories import PlanPriceFactory

pytestmark = pytest.mark.django_db

TOO_GREAT = "That is more than"
NOT_DIGITS = "with the digits 0-9"
# (what is typed, what the reader is told)
BAD_AMOUNTS = [
    ("1e30", NOT_DIGITS),
    ("NaN", NOT_DIGITS),
    ("-5", "greater than zero"),
    ("0", "greater than zero"),
    ("12,50", "Use a dot for cents"),
    ("١٢", NOT_DIGITS),
    ("9" * 10_000, TOO_GREAT),
]
# In the admin, prices are typed in cents, so "12,50" is simply not a whole number.
ADMIN_MESSAGES = {"Use a dot for cents": "Enter a whole number of cents"}


@pytest.mark.parametrize(("typed", "message"), BAD_AMOUNTS)
def test_a_reader_typing_a_bad_amount_on_the_join_form_is_told_why(client, typed, message):
    price = PlanPriceFactory(amount=1200, minimum_custom_amount=500)

    response = client.post(
        reverse("members:join"),
        {
            "attempt": str(uuid.uuid4()),
            "price": price.pk,
            "email": "new@example.com",
            f"amount_{price.pk}": typed,
        },
    )

    assert response.status_code == 200
    assert message in response.content.decode()


def _plan_form(**price_fields) -> dict:
    return {
        "name": "Friend",
        "slug": "friend",
        "description": "",
        "benefits": "",
        "active": "on",
        "position": "0",
        "prices-TOTAL_FORMS": "1",
        "prices-INITIAL_FORMS": "0",
        "prices-MIN_NUM_FORMS": "0",
        "prices-MAX_NUM_FORMS": "1000",
        "prices-0-interval": "month",
        "prices-0-amount": "500",
        "prices-0-currency": "eur",
        "prices-0-minimum_custom_amount": "",
        "prices-0-stripe_lookup_key": "",
        "prices-0-active": "on",
        **{f"prices-0-{name}": value for name, value in price_fields.items()},
    }


@pytest.mark.parametrize("field", ["amount", "minimum_custom_amount"])
@pytest.mark.parametrize(("typed", "message"), BAD_AMOUNTS)
def test_an_editor_typing_a_bad_plan_price_is_told_why(client, editor, field, typed, message):
    client.force_login(editor)

    response = client.post("/admin/members/plan/add/", _plan_form(**{field: typed}))

    assert response.status_code == 200
    assert ADMIN_MESSAGES.get(message, message) in response.content.decode()
    assert not Plan.objects.exists()
    assert not PlanPrice.objects.exists()


def test_a_good_plan_price_is_saved(client, editor):
    client.force_login(editor)

    response = client.post(
        "/admin/members/plan/add/", _plan_form(amount="1250", minimum_custom_amount="1000")
    )

    assert response.status_code == 302
    assert PlanPrice.objects.values_list("amount", "minimum_custom_amount").get() == (1250, 1000)


@pytest.mark.parametrize(("typed", "message"), BAD_AMOUNTS)
def test_an_editor_typing_a_bad_gift_price_is_told_why(client, editor, typed, message):
    client.force_login(editor)

    response = client.post(
        "/admin/members/giftprice/add/",
        {"duration_months": "3", "amount": typed, "currency": "eur", "active": "on"},
    )

    assert response.status_code == 200
    assert ADMIN_MESSAGES.get(message, message) in response.content.decode()
    assert not GiftPrice.objects.exists()


def test_a_currency_must_be_an_iso_code(client, editor):
    client.force_login(editor)

    response = client.post(
        "/admin/members/giftprice/add/",
        {"duration_months": "3", "amount": "1500", "currency": "€€", "active": "on"},
    )

    assert response.status_code == 200
    assert "three-letter ISO currency code" in response.content.decode()
    assert not GiftPrice.objects.exists()
