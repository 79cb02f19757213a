"""A week before a gift membership ends the member is invited to continue; else it ends."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.gifts.models import Gift
from members.gifts.sweeping import gift_sweep
from members.memberships.models import Membership
from tests.members.factories import PlanPriceFactory

from .factories import GiftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gift_member(client, recipient):
    """The recipient, a member through a redeemed three-month gift."""
    gift = GiftFactory()
    client.force_login(recipient)
    client.post(reverse("members:gift-redeem", kwargs={"code": gift.code}))
    mail.outbox.clear()
    return Membership.objects.get(user=recipient)


def test_a_week_before_the_end_the_member_is_invited_once(
    gift_member, django_capture_on_commit_callbacks
):
    eight_days_before = gift_member.paid_through - timedelta(days=8)
    six_days_before = gift_member.paid_through - timedelta(days=6)

    with django_capture_on_commit_callbacks(execute=True):
        early = gift_sweep(now=eight_days_before)
        due = gift_sweep(now=six_days_before)
        again = gift_sweep(now=six_days_before + timedelta(hours=1))

    assert (early["invited"], due["invited"], again["invited"]) == (0, 1, 0)
    (invitation,) = mail.outbox
    assert invitation.to == ["friend@example.com"]
    assert reverse("members:gift-continue") in invitation.body
    assert Gift.objects.get().continue_invited_at is not None


def test_without_continuing_the_membership_ends_cleanly(
    gift_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gift_sweep(now=gift_member.paid_through - timedelta(minutes=1))
        counts = gift_sweep(now=gift_member.paid_through + timedelta(minutes=1))

    assert counts["ended"] == 1
    gift_member.refresh_from_db()
    assert gift_member.status == Membership.Status.ENDED
    assert gift_member.ended_at == gift_member.paid_through
    assert mail.outbox[-1].to == ["friend@example.com"]


def test_continuing_starts_billing_when_the_gift_ends(
    client, gift_member, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    price = PlanPriceFactory()
    gift_end = gift_member.paid_through

    page = client.get(reverse("members:gift-continue"))
    response = client.post(
        reverse("members:gift-continue-checkout"),
        {"price": price.pk, "attempt": page.context["attempt"]},
    )

    assert "runs until" in page.content.decode()
    assert response.status_code == 303
    session_id = response["Location"].rsplit("/", 1)[-1]
    session = stripe_fake.get(session_id)
    assert session["mode"] == "subscription"
    assert session["customer_email"] == "friend@example.com"  # prefilled

    stripe_fake.pay_checkout_session(session_id)
    deliver()

    gift_member.refresh_from_db()
    assert gift_member.status == Membership.Status.ACTIVE
    assert gift_member.source == Membership.Source.SUBSCRIPTION
    subscription = stripe_fake.get(gift_member.stripe_subscription_id)
    assert subscription["status"] == "trialing"
    assert subscription["trial_end"] == int(gift_end.timestamp())
    assert gift_member.paid_through == gift_end
    # The sweep leaves a member who continued alone.
    with django_capture_on_commit_callbacks(execute=True):
        assert gift_sweep(now=gift_end + timedelta(minutes=1))["ended"] == 0


def test_a_retried_submission_an_hour_later_reuses_the_same_checkout(
    client, gift_member, stripe_fake, monkeypatch
):
    price = PlanPriceFactory()
    form = {
        "price": price.pk,
        "attempt": client.get(reverse("members:gift-continue")).context["attempt"],
    }
    first = client.post(reverse("members:gift-continue-checkout"), form)
    an_hour_later = timezone.now() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: an_hour_later)

    retried = client.post(reverse("members:gift-continue-checkout"), form)

    assert retried.status_code == first.status_code == 303
    assert retried["Location"] == first["Location"]
    assert len(stripe_fake.objects("checkout.session")) == 1


def test_the_continue_page_sends_readers_without_a_gift_to_the_join_page(client, reader):
    client.force_login(reader)

    response = client.get(reverse("members:gift-continue"))

    assert response["Location"] == reverse("members:join")


def test_a_sweep_at_the_current_time_ends_gift_memberships_that_ran_out(gift_member):
    gift_member.paid_through = timezone.now() - timedelta(days=1)
    gift_member.save()

    gift_sweep()

    gift_member.refresh_from_db()
    assert gift_member.status == Membership.Status.ENDED
