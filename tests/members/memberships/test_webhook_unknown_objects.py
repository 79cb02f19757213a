"""Events about subscriptions and invoices Stripe and we don't know: 200, nothing changes,
no email."""

import pytest
from django.core import mail

from members.billing.models import StripeEvent
from members.memberships.models import Membership
from tests.members.factories import MembershipFactory
from tests.members.signing import make_event, post_event
from tests.members.subscriptions import subscription

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("stripe_fake")]


def invoice(subscription_id: str, customer: str = "cus_unknown") -> dict:
    return {
        "id": "in_unknown",
        "object": "invoice",
        "customer": customer,
        "hosted_invoice_url": "https://invoice.stripe.com/i/unknown",
        "parent": {
            "type": "subscription_details",
            "subscription_details": {"subscription": subscription_id, "metadata": {}},
        },
    }


@pytest.mark.parametrize(
    ("event_type", "data_object"),
    [
        ("customer.subscription.updated", subscription("sub_unknown", customer="cus_unknown")),
        ("customer.subscription.deleted", subscription("sub_unknown", status="canceled")),
        ("invoice.paid", invoice("sub_unknown")),
        ("invoice.payment_failed", invoice("sub_unknown")),
        ("invoice.payment_action_required", invoice("sub_unknown")),
        ("invoice.payment_failed", {"id": "in_no_subscription", "object": "invoice"}),
    ],
)
def test_events_for_unknown_customers_change_nothing(client, reader, event_type, data_object):
    member = MembershipFactory(user=reader, stripe_subscription_id="sub_known")

    response = post_event(client, make_event(event_type, data_object))

    assert response.status_code == 200
    assert StripeEvent.objects.get().status == StripeEvent.Status.IGNORED
    member.refresh_from_db()
    assert member.status == Membership.Status.ACTIVE
    assert mail.outbox == []
