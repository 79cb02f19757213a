"""Idempotency-Key handling, including stripe-python's own retries."""

from __future__ import annotations

import pytest
import stripe

from tests.fake_stripe import FakeStripe


def test_replaying_an_idempotency_key_returns_the_same_object(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient
) -> None:
    params = {"email": "reader@example.com"}
    options: stripe.RequestOptions = {"idempotency_key": "signup-42"}

    first = stripe_client.v1.customers.create(params=params, options=options)
    second = stripe_client.v1.customers.create(params=params, options=options)

    assert first.id == second.id
    assert second.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(fake_stripe.objects("customer")) == 1
    assert len(fake_stripe.events("customer.created")) == 1


def test_reusing_an_idempotency_key_with_different_parameters_is_an_idempotency_error(
    stripe_client: stripe.StripeClient,
) -> None:
    options: stripe.RequestOptions = {"idempotency_key": "signup-43"}
    stripe_client.v1.customers.create(params={"email": "a@example.com"}, options=options)

    with pytest.raises(stripe.IdempotencyError, match="same parameters"):
        stripe_client.v1.customers.create(params={"email": "b@example.com"}, options=options)


def test_reusing_an_idempotency_key_on_another_endpoint_is_an_idempotency_error(
    stripe_client: stripe.StripeClient,
) -> None:
    options: stripe.RequestOptions = {"idempotency_key": "k-1"}
    stripe_client.v1.customers.create(params={}, options=options)

    with pytest.raises(stripe.IdempotencyError, match="same endpoint"):
        stripe_client.v1.products.create(params={"name": "X"}, options=options)


def test_events_record_the_request_and_idempotency_key_that_caused_them(
    fake_stripe: FakeStripe, stripe_client: stripe.StripeClient
) -> None:
    stripe_client.v1.customers.create(params={}, options={"idempotency_key": "abc"})

    (event,) = fake_stripe.events("customer.created")

    assert event["request"]["idempotency_key"] == "abc"
    assert event["request"]["id"].startswith("req_")


def test_a_lost_response_is_retried_and_replayed_not_repeated(fake_stripe: FakeStripe) -> None:
    client = fake_stripe.client(max_network_retries=2)
    fake_stripe.drop_next_response(path="/v1/customers")

    customer = client.v1.customers.create(params={"email": "once@example.com"})

    assert [c["id"] for c in fake_stripe.objects("customer")] == [customer.id]


def test_a_transient_server_error_is_retried_by_stripe_python(fake_stripe: FakeStripe) -> None:
    client = fake_stripe.client(max_network_retries=1)
    fake_stripe.fail_next_request(503, path="/v1/products")

    product = client.v1.products.create(params={"name": "Retried"})

    assert product.name == "Retried"
