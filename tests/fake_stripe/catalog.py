"""Customers, products and prices: creation, updates and their events.

Events: ``customer.created`` / ``customer.updated`` / ``customer.deleted``,
``product.created`` / ``product.updated``, ``price.created`` / ``price.updated``.
Like everything that changes state, these expect the caller to hold ``state.lock``.
"""

from __future__ import annotations

import secrets
from typing import Any

from . import billing, objects
from .errors import invalid_request
from .objects import apply_metadata
from .state import State, StripeObject, snapshot


def create_customer(state: State, params: dict[str, Any]) -> StripeObject:
    customer = objects.customer(
        id=state.new_id("cus", 14),
        created=state.now(),
        params=params,
        invoice_prefix=secrets.token_hex(4).upper(),
    )
    state.add(customer)
    state.record_event("customer.created", customer)
    return customer


CUSTOMER_FIELDS = (
    "address",
    "description",
    "email",
    "name",
    "phone",
    "preferred_locales",
    "shipping",
    "business_name",
    "individual_name",
    "invoice_settings",
)


def update_customer(state: State, customer: StripeObject, params: dict[str, Any]) -> StripeObject:
    before = snapshot(customer)
    for field in CUSTOMER_FIELDS:
        if field not in params:
            continue
        value = params[field]
        if field == "invoice_settings" and isinstance(value, dict):
            customer["invoice_settings"].update(value)
        else:
            customer[field] = None if value == "" else value
    customer["metadata"] = apply_metadata(customer["metadata"], params.get("metadata"))
    if customer != before:
        state.record_event("customer.updated", customer, before)
    return customer


def delete_customer(state: State, customer: StripeObject) -> StripeObject:
    # Deleting a customer cancels their subscriptions, as Stripe does.
    for subscription in state.all("subscription"):
        if subscription["customer"] == customer["id"] and subscription["status"] != "canceled":
            billing.cancel_subscription(state, subscription, {})
    state.record_event("customer.deleted", customer)
    tombstone = objects.deleted(customer)
    state.add(tombstone)
    return tombstone


def create_product(state: State, params: dict[str, Any]) -> StripeObject:
    product_id = params.get("id") or state.new_id("prod", 14)
    if state.get(product_id) is not None:
        raise invalid_request(
            f"Product already exists: {product_id}", param="id", code="resource_already_exists"
        )
    product = objects.product(id=product_id, created=state.now(), params=params)
    state.add(product)
    state.record_event("product.created", product)
    default_price_data = params.get("default_price_data")
    if default_price_data:
        price = create_price(state, {**default_price_data, "product": product_id})
        before = snapshot(product)
        product["default_price"] = price["id"]
        state.record_event("product.updated", product, before)
    return product


PRODUCT_FIELDS = (
    "active",
    "description",
    "images",
    "marketing_features",
    "name",
    "shippable",
    "statement_descriptor",
    "tax_code",
    "unit_label",
    "url",
    "package_dimensions",
)


def update_product(state: State, product: StripeObject, params: dict[str, Any]) -> StripeObject:
    before = snapshot(product)
    for field in PRODUCT_FIELDS:
        if field in params:
            product[field] = None if params[field] == "" else params[field]
    if "default_price" in params:
        state.require(params["default_price"], "price", "default_price")
        product["default_price"] = params["default_price"]
    product["metadata"] = apply_metadata(product["metadata"], params.get("metadata"))
    if product != before:
        product["updated"] = state.now()
        state.record_event("product.updated", product, before)
    return product


def _claim_lookup_key(state: State, price_id: str, lookup_key: str, transfer: bool) -> None:
    owner_id = state.lookup_keys.get(lookup_key)
    if owner_id and owner_id != price_id:
        if not transfer:
            raise invalid_request(
                f"A price (`{owner_id}`) already uses that lookup key.",
                param="lookup_key",
            )
        owner = state.get(owner_id, "price")
        if owner is not None:
            before = snapshot(owner)
            owner["lookup_key"] = None
            state.record_event("price.updated", owner, before)
    state.lookup_keys[lookup_key] = price_id


def create_price(state: State, params: dict[str, Any]) -> StripeObject:
    if "product" in params and "product_data" in params:
        raise invalid_request(
            "You may only specify one of these parameters: product, product_data."
        )
    if "product_data" in params:
        product_id = create_product(state, params["product_data"])["id"]
    elif "product" in params:
        product_id = state.require(params["product"], "product", "product")["id"]
    else:
        raise invalid_request(
            "You must specify either `product` or `product_data` when creating a price.",
            param="product",
        )
    if params.get("unit_amount") is None and params.get("unit_amount_decimal") is None:
        if not params.get("custom_unit_amount") and params.get("billing_scheme") != "tiered":
            raise invalid_request(
                "Missing required param: unit_amount.",
                param="unit_amount",
                code="parameter_missing",
            )
    price_id = state.new_id("price")
    if params.get("lookup_key"):
        _claim_lookup_key(
            state, price_id, params["lookup_key"], bool(params.get("transfer_lookup_key"))
        )
    price = objects.price(id=price_id, created=state.now(), product_id=product_id, params=params)
    state.add(price)
    state.record_event("price.created", price)
    return price


def update_price(state: State, price: StripeObject, params: dict[str, Any]) -> StripeObject:
    before = snapshot(price)
    if "lookup_key" in params:
        if price["lookup_key"]:
            state.lookup_keys.pop(price["lookup_key"], None)
        if params["lookup_key"]:
            _claim_lookup_key(
                state, price["id"], params["lookup_key"], bool(params.get("transfer_lookup_key"))
            )
        price["lookup_key"] = params["lookup_key"] or None
    for field in ("active", "nickname", "tax_behavior"):
        if field in params:
            price[field] = None if params[field] == "" else params[field]
    price["metadata"] = apply_metadata(price["metadata"], params.get("metadata"))
    if price != before:
        state.record_event("price.updated", price, before)
    return price
