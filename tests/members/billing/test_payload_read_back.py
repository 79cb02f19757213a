"""Handlers act on what Stripe says, not on what an event's payload claims.

The events here are correctly signed (as if the signing secret leaked, or an event
was replayed with edits): links that go into emails and refunds that change state
are read back from Stripe first.
"""

import pytest
from django.core import mail

from members.gifts.models import Gift
from members.memberships.models import Membership
from tests.members.factories import PlanPriceFactory
from tests.members.gifts.journey import gift_checkout_start
from tests.members.memberships.journeys import join
from tests.members.signing import make_event, post_event

from ..gifts.factories import GiftPriceFactory

pytestmark = pytest.mark.django_db


def test_a_payment_failed_email_links_to_stripes_invoice_not_the_payloads(
    client, reader, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    stripe_fake.pay_checkout_session(join(client, PlanPriceFactory()))
    deliver()
    membership = Membership.objects.get(user=reader)
    stripe_fake.fail_renewal(membership.stripe_subscription_id)
    (genuine,) = stripe_fake.pending_events("invoice.payment_failed")
    stripe_fake.discard_pending()
    invoice = {**genuine["data"]["object"], "hosted_invoice_url": "https://evil.example/pay"}
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, make_event("invoice.payment_failed", invoice))

    assert response.status_code == 200
    (email,) = mail.outbox
    assert "evil.example" not in email.body
    assert stripe_fake.get(invoice["id"])["hosted_invoice_url"] in email.body


def test_a_refund_the_payload_claims_but_stripe_never_made_changes_nothing(
    client, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    gift = gift_checkout_start(client, GiftPriceFactory(duration_months=3, amount=1500))
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)
    deliver()
    gift.refresh_from_db()
    assert gift.status == Gift.Status.DELIVERED  # a gift for today goes out at once
    (charge,) = stripe_fake.objects("charge")
    forged = {**charge, "refunded": True, "amount_refunded": charge["amount"]}

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, make_event("charge.refunded", forged))

    assert response.status_code == 200
    gift.refresh_from_db()
    assert gift.status == Gift.Status.DELIVERED
    assert gift.refunded_at is None
