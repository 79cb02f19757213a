"""How a membership follows its Stripe subscription: allowed transitions only."""

import time

import pytest
from django.core import mail

from members.memberships.lifecycle import membership_apply_subscription
from members.memberships.models import Membership, MembershipStart
from tests.members.factories import MembershipFactory, PlanPriceFactory
from tests.members.subscriptions import DAY, subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(reader):
    return MembershipFactory(user=reader, status=Membership.Status.PENDING)


def apply(membership, stripe_subscription, capture) -> None:
    with capture(execute=True):
        membership_apply_subscription(membership, stripe_subscription)
    membership.refresh_from_db()


def subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


def test_a_paid_subscription_starts_the_membership(pending, django_capture_on_commit_callbacks):
    price = PlanPriceFactory(amount=500)
    period_end = int(time.time()) + 30 * DAY

    apply(
        pending,
        subscription(period_end=period_end, lookup_key=price.stripe_lookup_key),
        django_capture_on_commit_callbacks,
    )

    assert pending.status == Membership.Status.ACTIVE
    assert pending.plan == price.plan
    assert (pending.amount, pending.currency, pending.interval) == (500, "eur", "month")
    assert int(pending.paid_through.timestamp()) == period_end
    assert pending.stripe_customer_id == "cus_test_1"
    assert MembershipStart.objects.get().reference == "sub_test_1"
    assert subjects() == ["Welcome, you are now a member of The Kyiv Ledger"]


def test_applying_the_same_subscription_twice_changes_nothing_more(
    pending, django_capture_on_commit_callbacks
):
    stripe_subscription = subscription()
    apply(pending, stripe_subscription, django_capture_on_commit_callbacks)
    apply(pending, stripe_subscription, django_capture_on_commit_callbacks)

    assert pending.status == Membership.Status.ACTIVE
    assert MembershipStart.objects.count() == 1
    assert len(mail.outbox) == 1


def test_cancelling_at_period_end_warns_the_member_once(
    pending, django_capture_on_commit_callbacks
):
    apply(pending, subscription(), django_capture_on_commit_callbacks)

    apply(pending, subscription(cancel_at_period_end=True), django_capture_on_commit_callbacks)
    apply(pending, subscription(cancel_at_period_end=True), django_capture_on_commit_callbacks)

    assert pending.status == Membership.Status.CANCELLING
    assert subjects()[1:] == ["Your The Kyiv Ledger membership will end"]


def test_an_ended_subscription_stays_ended(pending, django_capture_on_commit_callbacks):
    apply(pending, subscription(), django_capture_on_commit_callbacks)
    ended_at = int(time.time())
    apply(
        pending,
        subscription(status="canceled", ended_at=ended_at),
        django_capture_on_commit_callbacks,
    )

    apply(pending, subscription(status="active"), django_capture_on_commit_callbacks)

    assert pending.status == Membership.Status.ENDED
    assert int(pending.ended_at.timestamp()) == ended_at
    assert subjects()[1:] == ["Your The Kyiv Ledger membership has ended"]


def test_a_late_event_never_shortens_the_paid_period(pending, django_capture_on_commit_callbacks):
    now = int(time.time())
    apply(pending, subscription(period_end=now + 60 * DAY), django_capture_on_commit_callbacks)

    apply(pending, subscription(period_end=now + 30 * DAY), django_capture_on_commit_callbacks)

    assert int(pending.paid_through.timestamp()) == now + 60 * DAY


def test_past_due_keeps_the_paid_through_date_until_paid(
    pending, django_capture_on_commit_callbacks
):
    now = int(time.time())
    apply(pending, subscription(period_end=now + 1 * DAY), django_capture_on_commit_callbacks)

    apply(
        pending,
        subscription(status="past_due", period_end=now + 31 * DAY),
        django_capture_on_commit_callbacks,
    )
    assert pending.status == Membership.Status.PAST_DUE
    assert int(pending.paid_through.timestamp()) == now + 1 * DAY

    apply(pending, subscription(period_end=now + 31 * DAY), django_capture_on_commit_callbacks)
    assert pending.status == Membership.Status.ACTIVE
    assert int(pending.paid_through.timestamp()) == now + 31 * DAY


def test_an_old_subscription_ending_does_not_end_a_new_one(
    pending, django_capture_on_commit_callbacks
):
    apply(pending, subscription("sub_new"), django_capture_on_commit_callbacks)

    apply(pending, subscription("sub_old", status="canceled"), django_capture_on_commit_callbacks)

    assert (pending.status, pending.stripe_subscription_id) == ("active", "sub_new")


def test_joining_again_after_ending_is_a_new_start(pending, django_capture_on_commit_callbacks):
    apply(pending, subscription("sub_first"), django_capture_on_commit_callbacks)
    apply(pending, subscription("sub_first", status="canceled"), django_capture_on_commit_callbacks)

    apply(pending, subscription("sub_second"), django_capture_on_commit_callbacks)

    assert (pending.status, pending.stripe_subscription_id) == ("active", "sub_second")
    assert pending.ended_at is None
    assert set(MembershipStart.objects.values_list("reference", flat=True)) == {
        "sub_first",
        "sub_second",
    }
