"""Paying through Checkout (page and driver) and the signed webhooks that follow."""

from __future__ import annotations

import time

import pytest
import stripe

from tests.fake_stripe import FakeStripe, FakeStripeError, sign_payload

from .helpers import WebhookReceiver, http_request, subscription_session


def verify(fake: FakeStripe, body: bytes, headers: dict[str, str]) -> stripe.Event:
    return stripe.Webhook.construct_event(body, headers["Stripe-Signature"], fake.webhook_secret)


def test_paying_a_subscription_session_creates_an_active_subscription_and_paid_invoice(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    session = subscription_session(
        stripe_client,
        monthly_price.id,
        customer_email="reader@example.com",
        client_reference_id="user-7",
        subscription_data={"metadata": {"user_id": "7"}},
    )

    fake_stripe.pay_checkout_session(session.id)

    paid = stripe_client.v1.checkout.sessions.retrieve(session.id)
    subscription = stripe_client.v1.subscriptions.retrieve(paid.subscription)
    invoice = stripe_client.v1.invoices.retrieve(
        subscription.latest_invoice, params={"expand": ["payments"]}
    )
    item = subscription["items"].data[0]
    assert (paid.status, paid.payment_status, paid.client_reference_id) == (
        "complete",
        "paid",
        "user-7",
    )
    assert subscription.status == "active" and subscription.customer == paid.customer
    assert subscription.metadata.to_dict() == {"user_id": "7"}
    assert item.price.id == monthly_price.id
    assert item.current_period_end - item.current_period_start in range(28 * 86400, 32 * 86400)
    assert invoice.status == "paid" and invoice.amount_paid == 500
    assert invoice.parent.subscription_details.subscription == subscription.id
    intent_id = invoice.payments.data[0].payment.payment_intent
    assert stripe_client.v1.payment_intents.retrieve(intent_id).status == "succeeded"
    assert stripe_client.v1.customers.retrieve(paid.customer).email == "reader@example.com"


def test_paying_emits_stripe_shaped_events_whose_signatures_stripe_verifies(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    session = subscription_session(stripe_client, monthly_price.id)
    fake_stripe.discard_pending()
    fake_stripe.pay_checkout_session(session.id, email="reader@example.com")

    types = [event["type"] for event in fake_stripe.pending_events()]
    received: list[stripe.Event] = []
    deliveries = fake_stripe.deliver_pending(
        to=lambda body, headers: received.append(verify(fake_stripe, body, headers))
    )

    for expected in (
        "customer.created",
        "customer.subscription.created",
        "invoice.paid",
        "payment_intent.succeeded",
        "customer.subscription.updated",
        "checkout.session.completed",
    ):
        assert expected in types
    assert all(delivery.ok for delivery in deliveries)
    assert [event.type for event in received] == types
    assert fake_stripe.pending_events() == []
    completed = received[-1]
    assert completed.id.startswith("evt_") and completed.object == "event"
    assert completed.livemode is False and completed.api_version == stripe.api_version
    assert completed.data.object.id == session.id
    updated = next(e for e in received if e.type == "customer.subscription.updated")
    assert updated.data.previous_attributes["status"] == "incomplete"
    assert updated.data.object.status == "active"


def test_the_hosted_checkout_page_shows_the_order_and_redirects_to_success_url_when_paid(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    session = subscription_session(
        stripe_client, monthly_price.id, customer_email="reader@example.com"
    )

    status, _, page = http_request("GET", session.url)
    assert status == 200
    assert "Membership" in page and "$5.00" in page and 'value="reader@example.com"' in page
    for label in ("Pay", "Pay with a declined card", "Cancel"):
        assert f">{label}</button>" in page
    assert "Pay by bank transfer" not in page  # payment mode only

    status, headers, _ = http_request("POST", session.url, {"action": "paid"})

    assert status == 303
    assert headers["Location"] == f"https://newsroom.test/welcome?session={session.id}"
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).status == "complete"


def test_a_declined_card_shows_the_decline_and_changes_nothing(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    session = subscription_session(stripe_client, monthly_price.id)
    fake_stripe.discard_pending()

    status, _, page = http_request(
        "POST", session.url, {"action": "declined", "email": "reader@example.com"}
    )

    assert status == 402 and "Your card was declined." in page
    assert stripe_client.v1.checkout.sessions.retrieve(session.id).status == "open"
    assert fake_stripe.pending_events() == [] and fake_stripe.objects("subscription") == []
    with pytest.raises(FakeStripeError, match="declined"):
        fake_stripe.pay_checkout_session(session.id, outcome="declined", email="a@b.test")


def test_cancel_on_the_checkout_page_redirects_to_cancel_url(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    session = subscription_session(stripe_client, monthly_price.id)

    status, headers, _ = http_request("POST", session.url, {"action": "cancel"})

    assert (status, headers["Location"]) == (303, "https://newsroom.test/join")


def test_a_delayed_bank_transfer_completes_unpaid_then_settles(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, one_off_price: stripe.Price
) -> None:
    session = stripe_client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [{"price": one_off_price.id, "quantity": 1}],
            "success_url": "https://newsroom.test/thanks",
            "customer_creation": "always",
        }
    )
    status, _, _ = http_request(
        "POST", session.url, {"action": "delayed", "email": "giver@example.com"}
    )
    pending = stripe_client.v1.checkout.sessions.retrieve(session.id)
    assert status == 303
    assert (pending.status, pending.payment_status) == ("complete", "unpaid")
    assert pending.customer is not None  # customer_creation=always

    fake_stripe.settle_payment(session.id)

    settled = stripe_client.v1.checkout.sessions.retrieve(session.id)
    assert settled.payment_status == "paid"
    assert fake_stripe.events("checkout.session.async_payment_succeeded")
    failing = stripe_client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [{"price": one_off_price.id, "quantity": 1}],
            "success_url": "https://newsroom.test/thanks",
        }
    )
    fake_stripe.pay_checkout_session(failing.id, outcome="delayed", email="g@example.com")
    fake_stripe.settle_payment(failing.id, succeeded=False)
    assert fake_stripe.events("checkout.session.async_payment_failed")
    assert stripe_client.v1.checkout.sessions.retrieve(failing.id).payment_status == "unpaid"


def test_an_expired_session_cannot_be_paid_and_emits_expired(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    session = subscription_session(stripe_client, monthly_price.id)

    expired = stripe_client.v1.checkout.sessions.expire(session.id)

    assert expired.status == "expired" and expired.url is None
    assert fake_stripe.events("checkout.session.expired")
    with pytest.raises(FakeStripeError, match="expired"):
        fake_stripe.pay_checkout_session(session.id, email="a@b.test")


def test_pending_events_can_be_delivered_reversed_and_duplicated(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    session = subscription_session(stripe_client, monthly_price.id)
    fake_stripe.discard_pending()
    fake_stripe.pay_checkout_session(session.id, email="reader@example.com")
    in_order = [event["id"] for event in fake_stripe.pending_events()]
    seen: list[str] = []

    fake_stripe.deliver_pending(
        to=lambda body, headers: seen.append(verify(fake_stripe, body, headers).id),
        reverse=True,
        duplicate=True,
    )

    assert seen == [event_id for event_id in reversed(in_order) for _ in range(2)]


def test_an_endpoint_receives_only_its_enabled_event_types(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    fake_stripe.discard_pending()  # the price fixture's events, queued before the setting
    fake_stripe.configure_webhooks(enabled_events=["checkout.session.completed", "invoice.*"])
    session = subscription_session(stripe_client, monthly_price.id)

    fake_stripe.pay_checkout_session(session.id, email="reader@example.com")

    pending = {event["type"] for event in fake_stripe.pending_events()}
    assert "checkout.session.completed" in pending
    assert "invoice.paid" in pending
    assert not {t for t in pending if not t.startswith(("checkout.session.", "invoice."))}
    assert "customer.created" in {event["type"] for event in fake_stripe.events()}


def test_delayed_delivery_happens_later_in_the_background(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient
) -> None:
    stripe_client.v1.customers.create(params={})
    seen: list[bytes] = []

    immediate = fake_stripe.deliver_pending(to=lambda body, headers: seen.append(body), delay=0.2)

    assert immediate == [] and seen == [] and fake_stripe.pending_events() == []
    fake_stripe.webhooks.join()
    assert len(seen) == 1


def test_forged_stale_or_badly_signed_deliveries_fail_verification(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient
) -> None:
    stripe_client.v1.customers.create(params={})
    (event,) = fake_stripe.pending_events()

    good = fake_stripe.signed_event(event)
    stale = fake_stripe.signed_event(event, timestamp=int(time.time()) - 3600)
    wrong_secret = fake_stripe.signed_event(event, secret="whsec_somebody_else")
    body, headers = sign_payload(b'{"id": "evt_forged"}', "whsec_other")

    assert verify(fake_stripe, *good).id == event["id"]
    for forged in (stale, wrong_secret, (body, headers)):
        with pytest.raises(stripe.SignatureVerificationError):
            verify(fake_stripe, *forged)


def test_immediate_mode_posts_each_event_to_the_webhook_url(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, webhook_receiver: WebhookReceiver
) -> None:
    fake_stripe.configure_webhooks(url=webhook_receiver.url, secret="whsec_demo", mode="immediate")

    customer = stripe_client.v1.customers.create(params={"email": "a@example.com"})
    deadline = time.monotonic() + 5
    while not fake_stripe.deliveries and time.monotonic() < deadline:
        time.sleep(0.01)  # API-caused events are sent just after the API response

    ((body, headers),) = webhook_receiver.received
    event = stripe.Webhook.construct_event(body, headers["Stripe-Signature"], "whsec_demo")
    assert event.type == "customer.created" and event.data.object.id == customer.id
    assert event.pending_webhooks == 1
    assert fake_stripe.pending_events() == []
    assert fake_stripe.deliveries[-1].ok


def test_in_immediate_mode_the_page_delivers_webhooks_before_redirecting(
    fake_stripe: FakeStripe,
    stripe_client: stripe.StripeClient,
    monthly_price: stripe.Price,
    webhook_receiver: WebhookReceiver,
) -> None:
    session = subscription_session(stripe_client, monthly_price.id)
    fake_stripe.configure_webhooks(url=webhook_receiver.url, mode="immediate")

    status, _, _ = http_request("POST", session.url, {"action": "paid", "email": "r@x.test"})

    assert status == 303
    received = [
        verify(fake_stripe, body, headers).type for body, headers in webhook_receiver.received
    ]
    assert "checkout.session.completed" in received
