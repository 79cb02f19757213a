"""Creating, reading and listing objects through the real stripe library."""

from __future__ import annotations

from decimal import Decimal

import pytest
import stripe

from tests.fake_stripe import FakeStripe


def test_products_prices_and_customers_are_created_with_stripe_shapes(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    customer = stripe_client.v1.customers.create(
        params={"email": "reader@example.com", "name": "Ada", "metadata": {"user_id": "7"}}
    )

    assert customer.id.startswith("cus_")
    assert customer.object == "customer"
    assert customer.livemode is False
    assert customer.metadata["user_id"] == "7"
    assert monthly_price.id.startswith("price_")
    assert monthly_price.recurring.interval == "month"
    assert monthly_price.type == "recurring"
    assert monthly_price.unit_amount_decimal == Decimal("500")
    product = stripe_client.v1.products.retrieve(monthly_price.product)
    assert product.id.startswith("prod_") and product.name == "Membership"
    assert stripe_client.v1.customers.retrieve(customer.id).email == "reader@example.com"


def test_prices_are_listed_by_lookup_key_and_active_flag_with_expanded_products(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price, one_off_price: stripe.Price
) -> None:
    stripe_client.v1.prices.update(one_off_price.id, params={"active": False})

    by_key = stripe_client.v1.prices.list(
        params={"lookup_keys": ["membership_monthly"], "expand": ["data.product"]}
    )
    active = stripe_client.v1.prices.list(params={"active": True})

    assert [price.id for price in by_key.data] == [monthly_price.id]
    assert by_key.data[0].product.name == "Membership"
    assert by_key.object == "list" and by_key.has_more is False and by_key.url == "/v1/prices"
    assert [price.id for price in active.data] == [monthly_price.id]


def test_a_lookup_key_moves_to_a_new_price_only_with_transfer_lookup_key(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    params = {
        "product": monthly_price.product,
        "currency": "usd",
        "unit_amount": 700,
        "recurring": {"interval": "month"},
        "lookup_key": "membership_monthly",
    }
    with pytest.raises(stripe.InvalidRequestError, match="already uses that lookup key"):
        stripe_client.v1.prices.create(params=params)

    newer = stripe_client.v1.prices.create(params={**params, "transfer_lookup_key": True})

    assert newer.lookup_key == "membership_monthly"
    assert stripe_client.v1.prices.retrieve(monthly_price.id).lookup_key is None


def test_customers_are_listed_by_email_and_metadata_updates_merge(
    stripe_client: stripe.StripeClient,
) -> None:
    ada = stripe_client.v1.customers.create(
        params={"email": "ada@example.com", "metadata": {"a": "1", "b": "2"}}
    )
    stripe_client.v1.customers.create(params={"email": "bob@example.com"})

    listed = stripe_client.v1.customers.list(params={"email": "ada@example.com"})
    updated = stripe_client.v1.customers.update(
        ada.id, params={"name": "Ada L.", "metadata": {"a": "", "c": "3"}}
    )
    found = stripe_client.v1.customers.search(params={"query": "metadata['c']:'3'"})

    assert [customer.id for customer in listed.data] == [ada.id]
    assert updated.name == "Ada L."
    assert updated.metadata.to_dict() == {"b": "2", "c": "3"}
    assert [customer.id for customer in found.data] == [ada.id]


def test_lists_paginate_newest_first_with_starting_after(
    stripe_client: stripe.StripeClient,
) -> None:
    ids = [stripe_client.v1.customers.create(params={}).id for _ in range(3)]

    first = stripe_client.v1.customers.list(params={"limit": 2})
    second = stripe_client.v1.customers.list(
        params={"limit": 2, "starting_after": first.data[-1].id}
    )

    assert [c.id for c in first.data] == ids[::-1][:2] and first.has_more is True
    assert [c.id for c in second.data] == [ids[0]] and second.has_more is False


def test_a_checkout_session_gets_a_hosted_url_and_its_amount(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    session = stripe_client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "line_items": [{"price": monthly_price.id, "quantity": 2}],
            "success_url": "https://newsroom.test/ok?session={CHECKOUT_SESSION_ID}",
            "customer_email": "reader@example.com",
            "client_reference_id": "user-7",
            "metadata": {"plan": "monthly"},
        }
    )

    assert session.id.startswith("cs_test_")
    assert session.url == f"{fake_stripe.public_url}/c/pay/{session.id}"
    assert (session.status, session.payment_status, session.mode) == (
        "open",
        "unpaid",
        "subscription",
    )
    assert session.amount_total == 1000 and session.currency == "usd"
    assert session.client_reference_id == "user-7"
    assert session.metadata.to_dict() == {"plan": "monthly"}
    listed = stripe_client.v1.checkout.sessions.list()
    assert [s.id for s in listed.data] == [session.id]


def test_retrieving_a_paid_session_expands_subscription_customer_and_line_items(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    from .helpers import subscription_session

    session = subscription_session(stripe_client, monthly_price.id)
    fake_stripe.pay_checkout_session(session.id, email="new@example.com")

    paid = stripe_client.v1.checkout.sessions.retrieve(
        session.id,
        params={"expand": ["subscription.latest_invoice", "customer", "line_items"]},
    )

    assert paid.customer.email == "new@example.com"
    assert paid.subscription.latest_invoice.status == "paid"
    assert paid.line_items.data[0].price.id == monthly_price.id
    assert paid.line_items.data[0].quantity == 1


def test_retrieving_a_paid_payment_session_expands_its_payment_intent(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient, one_off_price: stripe.Price
) -> None:
    session = stripe_client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [{"price": one_off_price.id, "quantity": 1}],
            "success_url": "https://newsroom.test/thanks",
            "payment_intent_data": {"metadata": {"kind": "donation"}},
        }
    )
    fake_stripe.pay_checkout_session(session.id, email="giver@example.com")

    paid = stripe_client.v1.checkout.sessions.retrieve(
        session.id, params={"expand": ["payment_intent"]}
    )

    assert paid.payment_status == "paid"
    assert paid.customer is None  # payment mode does not create customers by default
    assert paid.customer_details.email == "giver@example.com"
    assert paid.payment_intent.status == "succeeded"
    assert paid.payment_intent.metadata["kind"] == "donation"
    assert paid.payment_intent.amount_received == 2500


def test_expanding_a_field_that_is_not_an_id_is_rejected(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    with pytest.raises(stripe.InvalidRequestError, match=r"cannot be expanded \(currency\)"):
        stripe_client.v1.prices.retrieve(monthly_price.id, params={"expand": ["currency"]})


def test_requests_without_an_api_key_are_rejected_with_authentication_error(
    fake_stripe: FakeStripe,
) -> None:
    with pytest.raises(stripe.AuthenticationError, match="did not provide an API key"):
        fake_stripe.client(api_key="").v1.customers.list()
    with pytest.raises(stripe.AuthenticationError, match="Invalid API Key"):
        fake_stripe.client(api_key="sk_live_123456789").v1.customers.list()


def test_unknown_ids_raise_resource_missing(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.customers.retrieve("cus_nope")

    assert raised.value.http_status == 404
    assert raised.value.code == "resource_missing"
    assert "No such customer: 'cus_nope'" in str(raised.value)


def test_events_are_retrievable_and_listable_by_type(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient
) -> None:
    customer = stripe_client.v1.customers.create(params={"email": "a@example.com"})

    events = stripe_client.v1.events.list(params={"type": "customer.*"})
    event = stripe_client.v1.events.retrieve(events.data[0].id)

    assert event.type == "customer.created"
    assert event.data.object.id == customer.id
    assert event.request.id.startswith("req_")
    assert event.api_version == stripe.api_version
