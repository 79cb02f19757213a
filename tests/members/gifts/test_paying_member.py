"""A paying member redeems a gift: their next charge moves back by the gift's length."""

import uuid
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from members.memberships.joining import membership_checkout_create
from members.memberships.models import Membership
from newsroom.clock import add_months
from tests.members.factories import PlanPriceFactory

from .factories import GiftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paying_member(recipient, stripe_fake, deliver):
    """The recipient, a monthly member through a real (fake) Stripe subscription."""
    started = membership_checkout_create(
        price=PlanPriceFactory(),
        amount=500,
        user=recipient,
        email=recipient.email,
        attempt=str(uuid.uuid4()),
        success_url="http://testserver/ok?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="http://testserver/cancel",
    )
    stripe_fake.pay_checkout_session(started.session_id)
    deliver()
    membership = Membership.objects.get(user=recipient)
    assert membership.status == Membership.Status.ACTIVE
    return membership


def test_the_gift_defers_the_next_charge_and_keeps_what_was_paid(
    client, paying_member, stripe_fake, deliver
):
    paid_through = paying_member.paid_through
    gift = GiftFactory(duration_months=3)
    client.force_login(paying_member.user)

    page = client.get(reverse("members:gift-redeem", kwargs={"code": gift.code}))
    client.post(reverse("members:gift-redeem", kwargs={"code": gift.code}))

    assert "your next payment moves back by as long" in page.content.decode()
    expected_end = add_months(paid_through, 3)
    subscription = stripe_fake.get(paying_member.stripe_subscription_id)
    assert subscription["status"] == "trialing"
    assert subscription["trial_end"] == int(expected_end.timestamp())
    assert subscription["items"]["data"][0]["current_period_end"] == subscription["trial_end"]
    paying_member.refresh_from_db()
    assert paying_member.paid_through == expected_end

    # Stripe's subscription.updated comes back through the memberships sync.
    deliver()

    paying_member.refresh_from_db()
    assert paying_member.status == Membership.Status.ACTIVE
    assert paying_member.source == Membership.Source.SUBSCRIPTION
    assert paying_member.paid_through == datetime.fromtimestamp(subscription["trial_end"], UTC)


def test_stripe_being_down_leaves_the_gift_unredeemed(client, paying_member, stripe_fake):
    gift = GiftFactory()
    client.force_login(paying_member.user)
    stripe_fake.fail_next_request(500, method="POST", count=3)

    response = client.post(reverse("members:gift-redeem", kwargs={"code": gift.code}), follow=True)

    assert "your gift is safe" in response.content.decode()
    gift.refresh_from_db()
    assert gift.status == gift.Status.DELIVERED
    assert stripe_fake.get(paying_member.stripe_subscription_id)["status"] == "active"
