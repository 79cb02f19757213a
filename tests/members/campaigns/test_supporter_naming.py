"""Members choose whether the campaign page may name them (first name and city)."""

import uuid

import pytest
from django.urls import reverse

from members.campaigns.models import PublicSupporter
from members.campaigns.services import public_supporter_from_checkout
from tests.members.factories import MembershipFactory, PlanPriceFactory

pytestmark = pytest.mark.django_db


def test_members_opt_out_on_their_account_page(client, reader):
    MembershipFactory(user=reader)
    PublicSupporter.objects.create(user=reader, first_name="Mykola", city="Kharkiv")
    client.force_login(reader)
    html = client.get(reverse("members:membership-account")).content.decode()
    assert 'name="named" class="checkboxinput form-check-input" aria-describedby' in html
    assert 'value="Kharkiv"' in html

    response = client.post(reverse("members:supporter-naming"), {})

    assert response.status_code == 302
    assert PublicSupporter.objects.get(user=reader).named is False
    assert "we won&#x27;t name you" in client.get(response.url).content.decode()


def test_members_opt_in_on_their_account_page(client, reader):
    MembershipFactory(user=reader)
    client.force_login(reader)

    client.post(
        reverse("members:supporter-naming"),
        {"named": "on", "public_first_name": "Mykola", "public_city": "Kharkiv"},
    )

    supporter = PublicSupporter.objects.get(user=reader)
    assert (supporter.named, supporter.first_name, supporter.city) == (True, "Mykola", "Kharkiv")


def test_opting_in_needs_a_first_name(client, reader):
    client.force_login(reader)

    response = client.post(reverse("members:supporter-naming"), {"named": "on"})

    assert response.status_code == 400
    assert "Enter the first name we may show." in response.content.decode()
    assert not PublicSupporter.objects.exists()


def test_the_naming_form_needs_a_signed_in_reader(client, db):
    response = client.post(reverse("members:supporter-naming"), {"named": "on"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_join_form_keeps_the_choice_when_the_first_name_is_missing(client, db):
    price = PlanPriceFactory()

    response = client.post(
        reverse("members:join"),
        {
            "price": price.pk,
            "email": "new@example.com",
            "attempt": str(uuid.uuid4()),
            "named": "on",
            "public_city": "Poltava",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter the first name we may show." in html
    assert 'id="id_named" checked' in html
    assert 'value="Poltava"' in html
    assert 'value="new@example.com"' in html


def test_a_paid_checkout_names_the_new_account_as_chosen(reader):
    metadata = {"supporter_named": "1", "supporter_first_name": "Mykola", "supporter_city": "Sumy"}

    public_supporter_from_checkout(user=reader, metadata=metadata)

    assert str(PublicSupporter.objects.get(user=reader, named=True)) == "Mykola, Sumy"


def test_a_checkout_without_the_choice_names_nobody(reader):
    public_supporter_from_checkout(user=reader, metadata={"newsroom_kind": "membership"})

    assert not PublicSupporter.objects.exists()


def test_fulfilling_the_checkout_again_keeps_a_later_opt_out(reader):
    metadata = {"supporter_named": "1", "supporter_first_name": "Mykola", "supporter_city": "Sumy"}
    public_supporter_from_checkout(user=reader, metadata=metadata)
    PublicSupporter.objects.filter(user=reader).update(named=False)  # the account page

    public_supporter_from_checkout(user=reader, metadata=metadata)  # a late webhook

    assert PublicSupporter.objects.get(user=reader).named is False
