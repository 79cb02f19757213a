"""Staff find gifts, resend them and refund them through Stripe from the admin."""

import pytest
from django.core import mail
from django.urls import reverse

from members.gifts.models import Gift
from members.memberships.models import MembershipStart

from .factories import GiftFactory
from .journey import gift_checkout_start

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:members_gift_changelist")


@pytest.fixture
def paid_gift(stripe_fake, deliver, gift_prices):
    from django.test import Client

    gift = gift_checkout_start(Client(), gift_prices[3])
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)
    deliver()
    mail.outbox.clear()
    gift.refresh_from_db()
    return gift


def run_action(client, action: str, gifts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            CHANGELIST,
            {"action": action, "_selected_action": [gift.pk for gift in gifts]},
            follow=True,
        )


def test_gifts_are_found_by_giver_or_recipient_email(client, editor):
    GiftFactory(giver_email="anna@example.com", recipient_email="bohdan@example.com")
    GiftFactory(giver_email="someone@example.com", recipient_email="else@example.com")
    client.force_login(editor)

    by_giver = client.get(CHANGELIST, {"q": "anna@"}).content.decode()
    by_recipient = client.get(CHANGELIST, {"q": "bohdan@"}).content.decode()

    assert "bohdan@example.com" in by_giver and "else@example.com" not in by_giver
    assert "anna@example.com" in by_recipient and "someone@example.com" not in by_recipient


def test_gifts_are_filtered_by_status(client, editor):
    GiftFactory(recipient_email="waiting@example.com", status=Gift.Status.SCHEDULED)
    GiftFactory(recipient_email="used@example.com", status=Gift.Status.REDEEMED)
    client.force_login(editor)

    page = client.get(CHANGELIST, {"status__exact": "scheduled"}).content.decode()

    assert "waiting@example.com" in page
    assert "used@example.com" not in page
    for label in ["Awaiting payment", "Paid", "Scheduled", "Delivered", "Redeemed", "Expired"]:
        assert label in page


def test_resending_emails_the_recipient_again(client, editor, django_capture_on_commit_callbacks):
    gift = GiftFactory()
    client.force_login(editor)

    response = run_action(client, "resend_delivery", [gift], django_capture_on_commit_callbacks)

    assert "Sent 1 gift email again." in response.content.decode()
    assert [message.to for message in mail.outbox] == [["friend@example.com"]]


def test_a_redeemed_gift_is_not_resent(client, editor, django_capture_on_commit_callbacks):
    gift = GiftFactory(status=Gift.Status.REDEEMED)
    client.force_login(editor)

    response = run_action(client, "resend_delivery", [gift], django_capture_on_commit_callbacks)

    assert "only unredeemed paid gifts can be sent again" in response.content.decode()
    assert mail.outbox == []


def test_refunding_refunds_in_stripe_and_revokes_the_code(
    client, editor, paid_gift, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    client.force_login(editor)

    response = run_action(client, "refund", [paid_gift], django_capture_on_commit_callbacks)

    assert "Refunded 1 gift." in response.content.decode()
    (refund,) = stripe_fake.objects("refund")
    assert refund["payment_intent"] == paid_gift.stripe_payment_intent_id
    assert refund["amount"] == 1500
    paid_gift.refresh_from_db()
    assert paid_gift.status == Gift.Status.REFUNDED
    assert MembershipStart.objects.get(reference=f"gift:{paid_gift.pk}").refunded_at is not None
    assert [message.to for message in mail.outbox] == [["giver@example.com"]]
    # Stripe's own refund events change nothing more.
    deliver()
    assert len(mail.outbox) == 1
    client.force_login(paid_gift.giver or editor)
    page = client.get(reverse("members:gift-redeem", kwargs={"code": paid_gift.code}))
    assert "This gift was refunded to the giver" in page.content.decode()


def test_a_refund_made_in_the_stripe_dashboard_revokes_the_code(paid_gift, stripe_fake, deliver):
    stripe_fake.client().v1.refunds.create(
        params={"payment_intent": paid_gift.stripe_payment_intent_id}
    )

    deliver()

    paid_gift.refresh_from_db()
    assert paid_gift.status == Gift.Status.REFUNDED
    assert MembershipStart.objects.get(reference=f"gift:{paid_gift.pk}").refunded_at is not None


def test_a_redeemed_gift_is_not_refunded_from_the_admin(
    client, editor, stripe_fake, django_capture_on_commit_callbacks
):
    gift = GiftFactory(status=Gift.Status.REDEEMED)
    client.force_login(editor)

    response = run_action(client, "refund", [gift], django_capture_on_commit_callbacks)

    assert "only paid, unredeemed gifts can be refunded here" in response.content.decode()
    assert stripe_fake.objects("refund") == []


def test_gift_prices_are_edited_in_the_admin(client, editor, gift_prices):
    client.force_login(editor)

    response = client.get(reverse("admin:members_giftprice_changelist"))

    assert response.status_code == 200
    assert "€15" in response.content.decode()


def test_readers_cannot_see_the_gift_admin(client, reader):
    client.force_login(reader)

    response = client.get(CHANGELIST)

    assert response.status_code == 302


def test_a_gift_opens_in_the_admin_without_its_code(client, editor):
    gift = GiftFactory(message="Read it all")
    client.force_login(editor)

    response = client.get(reverse("admin:members_gift_change", args=[gift.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Read it all" in page
    assert gift.code not in page  # staff resend the link; they never need to read it
