"""Every request is checked against Stripe's OpenAPI spec, as Stripe's API does."""

from __future__ import annotations

import pytest
import stripe

from tests.fake_stripe.params import parse_form


def checkout_params(price_id: str, **extra: object) -> dict[str, object]:
    return {
        "mode": "subscription",
        "line_items": [{"price": price_id, "quantity": 1}],
        "success_url": "https://newsroom.test/ok",
        **extra,
    }


def test_an_unknown_parameter_raises_invalid_request_error_with_a_suggestion(
    stripe_client: stripe.StripeClient,
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.customers.create(params={"emial": "reader@example.com"})

    assert raised.value.http_status == 400
    assert raised.value.param == "emial"
    assert raised.value.user_message == "Received unknown parameter: emial. Did you mean email?"


def test_a_misspelled_nested_parameter_is_rejected_with_its_full_name(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    params = checkout_params(monthly_price.id, subscription_data={"metdata": {"a": "b"}})

    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.checkout.sessions.create(params=params)

    assert raised.value.param == "subscription_data[metdata]"


def test_a_missing_required_parameter_raises_invalid_request_error(
    stripe_client: stripe.StripeClient,
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.billing_portal.sessions.create(params={"return_url": "https://x.test"})

    assert raised.value.param == "customer"
    assert raised.value.user_message == "Missing required param: customer."


def test_a_missing_nested_required_parameter_is_named(
    stripe_client: stripe.StripeClient,
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.prices.create(
            params={"currency": "usd", "unit_amount": 100, "product_data": {"active": True}}
        )

    assert raised.value.param == "product_data[name]"


def test_values_outside_an_enum_and_wrong_types_are_rejected(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    with pytest.raises(stripe.InvalidRequestError, match="Invalid mode: must be one of"):
        stripe_client.v1.checkout.sessions.create(
            params=checkout_params(monthly_price.id, mode="subscribe")
        )
    with pytest.raises(stripe.InvalidRequestError, match="Invalid integer: lots"):
        stripe_client.v1.prices.create(
            params={"currency": "usd", "unit_amount": "lots", "product": monthly_price.product}
        )


def test_an_empty_string_for_a_parameter_that_cannot_be_unset_is_rejected(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    with pytest.raises(
        stripe.InvalidRequestError, match="You passed an empty string for 'customer'"
    ):
        stripe_client.v1.checkout.sessions.create(
            params=checkout_params(monthly_price.id, customer="")
        )


def test_parameters_newer_than_the_2023_spec_are_allowlisted(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    session = stripe_client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "line_items": [{"price": monthly_price.id, "quantity": 1, "metadata": {"k": "v"}}],
            "ui_mode": "embedded_page",
            "return_url": "https://newsroom.test/return?session={CHECKOUT_SESSION_ID}",
            "name_collection": {"individual": {"enabled": True}},
            "adaptive_pricing": {"enabled": False},
        }
    )

    assert session.ui_mode == "embedded_page"
    assert session.url is None and session.client_secret.startswith(session.id)


def test_parameters_removed_from_the_current_api_are_rejected(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price
) -> None:
    with pytest.raises(stripe.InvalidRequestError) as raised:
        stripe_client.v1.checkout.sessions.create(
            params=checkout_params(monthly_price.id, payment_method_types=["card"])
        )

    assert raised.value.param == "payment_method_types"


def test_checkout_rules_beyond_the_schema_are_enforced(
    stripe_client: stripe.StripeClient, monthly_price: stripe.Price, one_off_price: stripe.Price
) -> None:
    with pytest.raises(stripe.InvalidRequestError, match="recurring price"):
        stripe_client.v1.checkout.sessions.create(
            params=checkout_params(monthly_price.id, mode="payment")
        )
    with pytest.raises(stripe.InvalidRequestError, match="at least one recurring price"):
        stripe_client.v1.checkout.sessions.create(params=checkout_params(one_off_price.id))
    with pytest.raises(stripe.InvalidRequestError, match="Missing required param: success_url"):
        params = checkout_params(monthly_price.id)
        del params["success_url"]
        stripe_client.v1.checkout.sessions.create(params=params)
    with pytest.raises(stripe.InvalidRequestError, match="only specify one of"):
        stripe_client.v1.checkout.sessions.create(
            params=checkout_params(monthly_price.id, customer="cus_x", customer_email="a@b.test")
        )
    with pytest.raises(stripe.InvalidRequestError, match=r"line_items\[0\]\[quantity\]"):
        stripe_client.v1.checkout.sessions.create(
            params=checkout_params(monthly_price.id, line_items=[{"price": monthly_price.id}])
        )


def test_form_bodies_are_decoded_into_nested_dicts_and_lists() -> None:
    parsed = parse_form(
        "line_items[0][price]=price_1&line_items[0][quantity]=2&metadata[plan]=gold"
        "&expand[]=customer&expand[]=subscription&success_url=https%3A%2F%2Fx.test%2F%3Fa%3D1"
    )

    assert parsed == {
        "line_items": {"0": {"price": "price_1", "quantity": "2"}},
        "metadata": {"plan": "gold"},
        "expand": ["customer", "subscription"],
        "success_url": "https://x.test/?a=1",
    }


def test_every_route_has_a_spec_schema_and_every_allowlist_entry_applies() -> None:
    from tests.fake_stripe import api, newer_params
    from tests.fake_stripe.validation import operations

    schemas = operations()  # applies newer_params; a stale path would raise here

    assert {route.operation_id for route in api.ROUTES} <= set(schemas)
    assert set(newer_params.NEWER_PARAMS) <= set(schemas)
    assert "ui_mode" in schemas["PostCheckoutSessions"]["params"]["properties"]
