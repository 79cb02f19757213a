"""A giver buys a gift through Stripe Checkout (payment mode) on the fake Stripe."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from members.gifts.models import Gift
from members.memberships.models import MembershipStart
from newsroom.clock import newsroom_today

from .journey import gift_checkout_start, gift_form_data

pytestmark = pytest.mark.django_db


def test_paying_sends_the_gift_today_and_the_link_to_the_giver(
    client, stripe_fake, deliver, gift_prices
):
    gift = gift_checkout_start(client, gift_prices[3])
    session = stripe_fake.get(gift.stripe_checkout_session_id)
    assert session["mode"] == "payment"
    assert session["amount_total"] == 1500
    assert session["customer_email"] == "giver@example.com"

    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)
    deliver()

    gift.refresh_from_db()
    assert gift.status == Gift.Status.DELIVERED
    assert gift.paid_at is not None
    assert gift.expires_at - gift.paid_at == timedelta(days=365)
    assert gift.stripe_payment_intent_id == stripe_fake.get(session["id"])["payment_intent"]
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"giver@example.com", "friend@example.com"}
    redeem_path = reverse("members:gift-redeem", kwargs={"code": gift.code})
    assert redeem_path in by_recipient["giver@example.com"].body
    delivery = by_recipient["friend@example.com"]
    assert redeem_path in delivery.body
    assert "Happy birthday! <b>Read</b>" in delivery.body  # the text part is plain text
    assert "&lt;b&gt;Read&lt;/b&gt;" in delivery.alternatives[0].content  # HTML escaped
    assert "Taras gave you a membership" in delivery.subject


def test_a_paid_gift_counts_as_a_membership_start_once(client, stripe_fake, deliver, gift_prices):
    gift = gift_checkout_start(client, gift_prices[12])
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)

    deliver(duplicate=True)

    start = MembershipStart.objects.get()
    assert start.reference == f"gift:{gift.pk}"
    assert start.membership is None  # nobody has redeemed it yet
    assert start.refunded_at is None


def test_duplicated_and_reordered_events_make_one_paid_gift_and_one_of_each_email(
    client, stripe_fake, deliver, gift_prices
):
    gift = gift_checkout_start(client, gift_prices[1])
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)

    deliver(reverse=True, duplicate=True)

    gift.refresh_from_db()
    assert gift.status == Gift.Status.DELIVERED
    assert sorted(message.to[0] for message in mail.outbox) == [
        "friend@example.com",
        "giver@example.com",
    ]
    assert Gift.objects.count() == 1


def test_the_thank_you_page_fulfils_before_the_webhook_and_the_webhook_changes_nothing(
    client, stripe_fake, deliver, gift_prices, django_capture_on_commit_callbacks
):
    gift = gift_checkout_start(client, gift_prices[6])
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(
            reverse("members:gift-thanks"), {"session_id": gift.stripe_checkout_session_id}
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Thank you for your gift" in page
    gift.refresh_from_db()
    assert reverse("members:gift-redeem", kwargs={"code": gift.code}) in page
    assert len(mail.outbox) == 2

    deliver()

    assert len(mail.outbox) == 2
    assert MembershipStart.objects.count() == 1


def test_the_thank_you_page_is_not_found_in_another_browser(client, stripe_fake, gift_prices):
    from django.test import Client

    gift = gift_checkout_start(client, gift_prices[3])
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)

    response = Client().get(
        reverse("members:gift-thanks"), {"session_id": gift.stripe_checkout_session_id}
    )

    assert response.status_code == 404


def test_submitting_the_form_twice_makes_one_gift_and_one_checkout(
    client, stripe_fake, gift_prices
):
    data = gift_form_data(gift_prices[3])

    first = client.post(reverse("members:gift"), data)
    second = client.post(reverse("members:gift"), data)

    assert first["Location"] == second["Location"]
    assert Gift.objects.count() == 1
    assert len(stripe_fake.objects("checkout.session")) == 1


def test_a_delayed_bank_payment_waits_then_pays(client, stripe_fake, deliver, gift_prices):
    gift = gift_checkout_start(client, gift_prices[3])
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id, outcome="delayed")
    deliver()
    gift.refresh_from_db()
    assert gift.status == Gift.Status.AWAITING_PAYMENT
    assert mail.outbox == []

    stripe_fake.settle_payment(gift.stripe_checkout_session_id, succeeded=True)
    deliver()

    gift.refresh_from_db()
    assert gift.status == Gift.Status.DELIVERED
    assert len(mail.outbox) == 2


def test_a_delayed_payment_that_bounces_never_sends_the_gift(
    client, stripe_fake, deliver, gift_prices
):
    gift = gift_checkout_start(client, gift_prices[3])
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id, outcome="delayed")
    stripe_fake.settle_payment(gift.stripe_checkout_session_id, succeeded=False)

    deliver(reverse=True)

    gift.refresh_from_db()
    assert gift.status == Gift.Status.PAYMENT_FAILED
    assert [message.to[0] for message in mail.outbox] == ["giver@example.com"]
    assert "did not go through" in mail.outbox[0].subject
    assert not MembershipStart.objects.exists()


def test_a_gift_for_a_later_day_is_scheduled_not_sent(client, stripe_fake, deliver, gift_prices):
    later = newsroom_today() + timedelta(days=10)
    gift = gift_checkout_start(client, gift_prices[3], deliver_on=later.isoformat())
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)

    deliver()

    gift.refresh_from_db()
    assert gift.status == Gift.Status.SCHEDULED
    assert [message.to[0] for message in mail.outbox] == ["giver@example.com"]
    assert later.strftime("%-d %B %Y") in mail.outbox[0].body


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"deliver_on": "2001-01-01"}, "Choose today or a later day."),
        ({"recipient_email": "not-an-address"}, "Enter a valid email address."),
        ({"duration": ""}, "Choose how long the membership lasts."),
        ({"message": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_input_re_renders_the_form_with_the_error_and_keeps_what_was_typed(
    client, gift_prices, change, error
):
    data = gift_form_data(gift_prices[3], **change)

    response = client.post(reverse("members:gift"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert 'value="Oksana"' in page
    assert not Gift.objects.exists()


def test_a_signed_in_giver_finds_their_address_filled_in(client, reader, gift_prices):
    client.force_login(reader)

    response = client.get(reverse("members:gift"))

    assert 'value="reader@example.com"' in response.content.decode()
