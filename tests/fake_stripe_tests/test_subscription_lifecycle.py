"""Subscriptions over time: portal actions, renewals, failures, refunds, the clock."""

from __future__ import annotations

import pytest
import stripe

from tests.fake_stripe import FakeStripe

from .helpers import http_request

DAY = 86400


def period_end(subscription: stripe.Subscription) -> int:
    return subscription["items"].data[0].current_period_end


def open_portal(client: stripe.StripeClient, customer: str) -> stripe.billing_portal.Session:
    return client.v1.billing_portal.sessions.create(
        params={"customer": customer, "return_url": "https://newsroom.test/account"}
    )


def test_the_portal_page_cancels_at_period_end_and_the_clock_then_ends_it(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    active_subscription: stripe.Subscription,
) -> None:
    portal = open_portal(stripe_client, active_subscription.customer)
    assert portal.id.startswith("bps_")
    assert portal.url == f"{fake_stripe.public_url}/p/session/{portal.id}"
    status, _, page = http_request("GET", portal.url)
    assert status == 200 and "Membership" in page and "Cancel at period end" in page
    assert 'href="https://newsroom.test/account"' in page

    status, headers, _ = http_request(
        "POST",
        portal.url,
        {"action": "cancel_at_period_end", "subscription": active_subscription.id},
    )

    assert status == 303 and headers["Location"].startswith(f"/p/session/{portal.id}")
    scheduled = stripe_client.v1.subscriptions.retrieve(active_subscription.id)
    assert scheduled.cancel_at_period_end is True and scheduled.status == "active"
    (updated,) = fake_stripe.pending_events("customer.subscription.updated")
    assert updated["data"]["previous_attributes"]["cancel_at_period_end"] is False

    fake_stripe.advance_clock(days=32)

    ended = stripe_client.v1.subscriptions.retrieve(active_subscription.id)
    assert ended.status == "canceled" and ended.ended_at == period_end(active_subscription)
    assert fake_stripe.pending_events("customer.subscription.deleted")


def test_the_portal_cancels_immediately(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    active_subscription: stripe.Subscription,
) -> None:
    portal = open_portal(stripe_client, active_subscription.customer)

    http_request(
        "POST", portal.url, {"action": "cancel_now", "subscription": active_subscription.id}
    )

    canceled = stripe_client.v1.subscriptions.retrieve(active_subscription.id)
    assert canceled.status == "canceled"
    (deleted,) = fake_stripe.pending_events("customer.subscription.deleted")
    assert deleted["data"]["object"]["id"] == active_subscription.id
    assert stripe_client.v1.subscriptions.list().data == []  # canceled ones are hidden
    _, _, page = http_request("GET", portal.url)
    assert "You have no active subscriptions." in page


def test_the_api_can_schedule_and_undo_cancellation(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    active_subscription: stripe.Subscription,
) -> None:
    scheduled = stripe_client.v1.subscriptions.update(
        active_subscription.id, params={"cancel_at_period_end": True, "metadata": {"why": "x"}}
    )
    assert scheduled.cancel_at == period_end(active_subscription)
    assert scheduled.cancellation_details.reason == "cancellation_requested"

    resumed = stripe_client.v1.subscriptions.update(
        active_subscription.id, params={"cancel_at_period_end": False}
    )
    canceled = stripe_client.v1.subscriptions.cancel(active_subscription.id)

    assert resumed.cancel_at is None and resumed.metadata["why"] == "x"
    assert canceled.status == "canceled"
    types = [event["type"] for event in fake_stripe.pending_events()]
    assert types == ["customer.subscription.updated"] * 2 + ["customer.subscription.deleted"]


def test_renewing_bills_the_next_period_and_moves_the_period_on_the_items(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    active_subscription: stripe.Subscription,
) -> None:
    fake_stripe.renew_subscription(active_subscription.id)

    renewed = stripe_client.v1.subscriptions.retrieve(active_subscription.id)
    invoices = stripe_client.v1.invoices.list(params={"subscription": renewed.id})
    assert renewed["items"].data[0].current_period_start == period_end(active_subscription)
    assert period_end(renewed) > period_end(active_subscription)
    assert [invoice.billing_reason for invoice in invoices.data] == [
        "subscription_cycle",
        "subscription_create",
    ]
    assert invoices.data[0].status == "paid" and renewed.latest_invoice == invoices.data[0].id
    assert fake_stripe.pending_events("invoice.paid")


def test_a_failed_renewal_makes_the_subscription_past_due_until_the_card_is_updated(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    active_subscription: stripe.Subscription,
) -> None:
    fake_stripe.fail_renewal(active_subscription.id)

    past_due = stripe_client.v1.subscriptions.retrieve(
        active_subscription.id, params={"expand": ["latest_invoice"]}
    )
    assert past_due.status == "past_due"
    assert past_due.latest_invoice.status == "open"
    assert past_due.latest_invoice.attempt_count == 1
    (failed,) = fake_stripe.pending_events("invoice.payment_failed")
    assert failed["data"]["object"]["id"] == past_due.latest_invoice.id

    portal = open_portal(stripe_client, active_subscription.customer)
    _, _, page = http_request("GET", portal.url)
    assert "Your last payment failed" in page
    http_request("POST", portal.url, {"action": "update_card", "subscription": past_due.id})

    recovered = stripe_client.v1.subscriptions.retrieve(past_due.id)
    assert recovered.status == "active"
    assert stripe_client.v1.invoices.retrieve(past_due.latest_invoice.id).status == "paid"


def test_a_renewal_needing_authentication_emits_payment_action_required(
    fake_stripe: FakeStripe, active_subscription: stripe.Subscription
) -> None:
    subscription = fake_stripe.require_authentication(active_subscription.id)

    assert subscription["status"] == "past_due"
    (event,) = fake_stripe.pending_events("invoice.payment_action_required")
    intent_event = fake_stripe.pending_events("payment_intent.requires_action")
    assert event["data"]["object"]["status"] == "open" and intent_event


def test_advancing_the_clock_renews_with_the_chosen_outcome(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    active_subscription: stripe.Subscription,
) -> None:
    fake_stripe.set_next_renewal_outcome(active_subscription.id, "failed")

    fake_stripe.advance_clock(days=31)

    assert stripe_client.v1.subscriptions.retrieve(active_subscription.id).status == "past_due"
    assert fake_stripe.now() >= period_end(active_subscription)


def test_refunding_a_payment_intent_emits_refund_and_charge_events(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, one_off_price: stripe.Price
) -> None:
    session = stripe_client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [{"price": one_off_price.id, "quantity": 1}],
            "success_url": "https://newsroom.test/thanks",
        }
    )
    paid = fake_stripe.pay_checkout_session(session.id, email="giver@example.com")
    fake_stripe.discard_pending()

    partial = stripe_client.v1.refunds.create(
        params={"payment_intent": paid["payment_intent"], "amount": 1000}
    )
    rest = stripe_client.v1.refunds.create(params={"payment_intent": paid["payment_intent"]})

    assert partial.id.startswith("re_") and partial.status == "succeeded"
    assert (partial.amount, rest.amount) == (1000, 1500)
    assert stripe_client.v1.refunds.retrieve(rest.id).payment_intent == paid["payment_intent"]
    types = [event["type"] for event in fake_stripe.pending_events()]
    assert types == ["refund.created", "charge.refunded"] * 2
    charge = fake_stripe.pending_events("charge.refunded")[-1]["data"]["object"]
    assert charge["refunded"] is True and charge["amount_refunded"] == 2500
    try:
        stripe_client.v1.refunds.create(params={"payment_intent": paid["payment_intent"]})
    except stripe.InvalidRequestError as error:
        assert error.code == "charge_already_refunded"
    else:
        raise AssertionError("a second full refund should fail")


def test_the_hosted_invoice_page_pays_an_open_invoice(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    active_subscription: stripe.Subscription,
) -> None:
    fake_stripe.fail_renewal(active_subscription.id)
    invoice = stripe_client.v1.invoices.retrieve(
        stripe_client.v1.subscriptions.retrieve(active_subscription.id).latest_invoice
    )
    assert invoice.status == "open"
    assert invoice.hosted_invoice_url == f"{fake_stripe.public_url}/i/{invoice.id}"
    failed_event = fake_stripe.pending_events("invoice.payment_failed")[-1]
    assert failed_event["data"]["object"]["hosted_invoice_url"] == invoice.hosted_invoice_url

    status, _, page = http_request("GET", invoice.hosted_invoice_url)
    assert status == 200
    assert invoice.number in page and ">Pay $5.00</button>" in page

    status, headers, _ = http_request("POST", invoice.hosted_invoice_url, {"action": "pay"})

    assert status == 303
    assert stripe_client.v1.invoices.retrieve(invoice.id).status == "paid"
    assert stripe_client.v1.subscriptions.retrieve(active_subscription.id).status == "active"
    _, _, page = http_request("GET", fake_stripe.public_url + headers["Location"])
    assert "the invoice is paid" in page and "Pay $5.00" not in page


def test_trial_end_on_an_active_subscription_defers_the_next_charge(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    active_subscription: stripe.Subscription,
) -> None:
    fake_stripe.discard_pending()
    until = period_end(active_subscription) + 90 * DAY

    deferred = stripe_client.v1.subscriptions.update(
        active_subscription.id, params={"trial_end": until, "proration_behavior": "none"}
    )

    assert deferred.status == "trialing" and deferred.trial_end == until
    assert period_end(deferred) == until
    (updated,) = fake_stripe.pending_events("customer.subscription.updated")
    assert updated["data"]["previous_attributes"]["status"] == "active"
    invoices_before = len(fake_stripe.objects("invoice"))
    fake_stripe.advance_clock(days=40)  # past the old period end: nothing is billed
    assert len(fake_stripe.objects("invoice")) == invoices_before
    fake_stripe.advance_clock(days=100)  # past the deferred date: billing resumes
    renewed = stripe_client.v1.subscriptions.retrieve(active_subscription.id)
    assert renewed.status == "active"
    assert len(fake_stripe.objects("invoice")) == invoices_before + 1


def test_trial_end_in_the_past_is_refused(
    stripe_client: stripe.StripeClient, active_subscription: stripe.Subscription
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.subscriptions.update(active_subscription.id, params={"trial_end": 1})

    assert refused.value.param == "trial_end"
