"""Webhooks delivered twice, in reverse, at the same time, or while Stripe is down."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from members.billing.models import StripeEvent
from members.memberships.models import Membership, MembershipStart
from tests.members.factories import PlanPriceFactory
from tests.members.memberships.journeys import join

WELCOME = "Welcome, you are now a member of The Kyiv Ledger"
ENDING = "Your The Kyiv Ledger membership will end"
ENDED = "Your The Kyiv Ledger membership has ended"


@pytest.fixture
def life_of_a_membership(client, reader, stripe_fake):
    """The steps of a membership in the fake: pay, cancel at period end, period ends.
    Each step queues webhook events; the test decides how they arrive."""
    price = PlanPriceFactory(amount=500)
    client.force_login(reader)

    def subscription_id() -> str:
        return stripe_fake.objects("subscription")[0]["id"]

    return [
        lambda: stripe_fake.pay_checkout_session(join(client, price)),
        lambda: stripe_fake.cancel_subscription(subscription_id(), at_period_end=True),
        lambda: stripe_fake.advance_clock(days=32),
    ]


def subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


@pytest.mark.django_db
def test_every_event_delivered_twice(life_of_a_membership, deliver):
    for step in life_of_a_membership:
        step()
        deliveries = deliver(duplicate=True)
        assert len(deliveries) % 2 == 0

    membership = Membership.objects.get()
    assert membership.status == Membership.Status.ENDED
    assert MembershipStart.objects.count() == 1
    assert subjects() == [WELCOME, ENDING, ENDED]
    assert set(StripeEvent.objects.values_list("attempts", flat=True)) == {1}


@pytest.mark.django_db
def test_each_steps_events_in_reverse_order(life_of_a_membership, deliver):
    for step in life_of_a_membership:
        step()
        deliver(reverse=True)

    assert Membership.objects.get().status == Membership.Status.ENDED
    assert MembershipStart.objects.count() == 1
    assert subjects() == [WELCOME, ENDING, ENDED]


@pytest.mark.django_db
def test_all_events_late_and_in_reverse_order(life_of_a_membership, stripe_fake, deliver):
    for step in life_of_a_membership:
        step()

    deliver(reverse=True)

    membership = Membership.objects.get()
    assert membership.status == Membership.Status.ENDED
    assert membership.stripe_subscription_id == stripe_fake.objects("subscription")[0]["id"]
    # The first payment happened, so it counts as a start even though it is over.
    assert MembershipStart.objects.count() == 1
    assert len(subjects()) == len(set(subjects()))


@pytest.mark.django_db
def test_subscription_events_make_up_for_a_lost_checkout_event(
    client, reader, stripe_fake, deliver
):
    price = PlanPriceFactory(amount=500)
    client.force_login(reader)
    stripe_fake.pay_checkout_session(join(client, price))

    deliver(type="customer.subscription.*")

    assert Membership.objects.get().status == Membership.Status.ACTIVE
    deliver()  # the checkout event, late: nothing more happens
    assert Membership.objects.count() == 1
    assert subjects() == [WELCOME]


@pytest.mark.django_db
def test_stripe_down_during_a_webhook_answers_503_then_recovers(
    client, reader, stripe_fake, deliver
):
    price = PlanPriceFactory(amount=500)
    client.force_login(reader)
    stripe_fake.pay_checkout_session(join(client, price))
    checkout_event = stripe_fake.pending_events("checkout.session.completed")[0]
    stripe_fake.discard_pending()

    stripe_fake.fail_next_request(500, method="GET", path="/v1/checkout/sessions/")
    (first,) = _deliver_one(stripe_fake, deliver, checkout_event)
    assert first.status == 503
    assert not Membership.objects.exists()
    assert StripeEvent.objects.get().status == StripeEvent.Status.RETRY

    (retry,) = _deliver_one(stripe_fake, deliver, checkout_event)
    assert retry.status == 200
    assert Membership.objects.get().status == Membership.Status.ACTIVE


def _deliver_one(stripe_fake, deliver, event):
    stripe_fake.webhooks.pending.append(event)
    return deliver(expect_ok=False)


@pytest.mark.django_db(transaction=True)
def test_events_delivered_twice_at_the_same_moment(life_of_a_membership, stripe_fake):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are tested on PostgreSQL")
    statuses: list[int] = []

    def post(body: bytes, headers: dict, barrier: threading.Barrier) -> None:
        try:
            barrier.wait()
            response = Client().post(
                reverse("members:stripe-webhook"),
                data=body,
                content_type="application/json",
                headers={"Stripe-Signature": headers["Stripe-Signature"]},
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    for step in life_of_a_membership:
        step()
        events = stripe_fake.pending_events()
        stripe_fake.discard_pending()
        for event in events:
            body, headers = stripe_fake.signed_event(event)
            barrier = threading.Barrier(2)
            threads = [
                threading.Thread(target=post, args=(body, headers, barrier)) for _ in range(2)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)

    assert set(statuses) <= {200, 503}
    assert Membership.objects.count() == 1
    assert Membership.objects.get().status == Membership.Status.ENDED
    assert MembershipStart.objects.count() == 1
    assert subjects() == [WELCOME, ENDING, ENDED]


@pytest.mark.django_db(transaction=True)
def test_thank_you_page_and_webhook_at_the_same_moment(client, reader, stripe_fake):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; row locks are tested on PostgreSQL")
    price = PlanPriceFactory(amount=500)
    client.force_login(reader)
    session_id = join(client, price)
    stripe_fake.pay_checkout_session(session_id)
    (event,) = stripe_fake.pending_events("checkout.session.completed")
    body, headers = stripe_fake.signed_event(event)
    barrier = threading.Barrier(2)
    statuses: dict[str, int] = {}

    def webhook() -> None:
        try:
            barrier.wait()
            statuses["webhook"] = (
                Client()
                .post(
                    reverse("members:stripe-webhook"),
                    data=body,
                    content_type="application/json",
                    headers={"Stripe-Signature": headers["Stripe-Signature"]},
                )
                .status_code
            )
        finally:
            connection.close()

    def thank_you_page() -> None:
        try:
            barrier.wait()
            statuses["page"] = client.get(
                reverse("members:membership-thanks"), {"session_id": session_id}
            ).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=webhook), threading.Thread(target=thank_you_page)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert statuses == {"webhook": 200, "page": 200}
    assert Membership.objects.get().status == Membership.Status.ACTIVE
    assert subjects() == [WELCOME]
