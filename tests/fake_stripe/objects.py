"""Builders for Stripe API objects, each starting from Stripe's own example object.

Every builder deep-copies the matching object from ``fixtures_subset.json`` (Stripe's
fixtures for the *current* API version) and overrides the fields the fake knows
about.  Starting from the fixture keeps shapes honest: fields the fake does not model
are still present, with the types real responses have.  The fixtures' placeholder
values (random huge integers, sample nested objects) are reset to what a fresh
test-mode object of that kind would hold.

Current-API shapes worth knowing (they differ from the 2023 spec):

* a subscription's ``current_period_start/end`` live on each *item*;
* an invoice has no ``subscription`` / ``payment_intent``; its subscription is at
  ``invoice.parent.subscription_details.subscription`` and its payments are in the
  includable ``payments`` list (``expand=["payments"]``).
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

import stripe

StripeObject = dict[str, Any]

FIXTURES_PATH = Path(__file__).with_name("fixtures_subset.json")

# Webhook events carry the endpoint's API version; the fake speaks stripe-python's.
API_VERSION: str = stripe.api_version

NULL_ADDRESS = {
    "city": None,
    "country": None,
    "line1": None,
    "line2": None,
    "postal_code": None,
    "state": None,
}


@functools.cache
def _fixtures() -> dict[str, StripeObject]:
    return json.loads(FIXTURES_PATH.read_text())["resources"]


def fixture(name: str) -> StripeObject:
    """A fresh deep copy of Stripe's example object ``name`` (e.g. ``"checkout.session"``)."""
    return copy.deepcopy(_fixtures()[name])


def apply_metadata(current: dict[str, str], update: dict[str, str] | str | None) -> dict[str, str]:
    """Stripe's metadata update rules: keys merge, ``""`` unsets a key, and
    ``metadata=""`` clears everything."""
    if update is None:
        return current
    if update == "":
        return {}
    merged = dict(current)
    for key, value in update.items():
        if value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def list_object(data: list[StripeObject], url: str, has_more: bool = False) -> StripeObject:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}


def customer(*, id: str, created: int, params: dict[str, Any], invoice_prefix: str) -> StripeObject:
    obj = fixture("customer")
    obj.update(
        id=id,
        created=created,
        address=params.get("address"),
        currency=None,
        discount=None,
        description=params.get("description"),
        email=params.get("email"),
        invoice_prefix=invoice_prefix,
        metadata=params.get("metadata") or {},
        name=params.get("name"),
        phone=params.get("phone"),
        preferred_locales=params.get("preferred_locales") or [],
        shipping=params.get("shipping"),
        business_name=params.get("business_name"),
        individual_name=params.get("individual_name"),
    )
    obj["invoice_settings"]["rendering_options"] = None
    return obj


def deleted(obj: StripeObject) -> StripeObject:
    return {"id": obj["id"], "object": obj["object"], "deleted": True}


def product(*, id: str, created: int, params: dict[str, Any]) -> StripeObject:
    obj = fixture("product")
    obj.update(
        id=id,
        created=created,
        updated=created,
        active=params.get("active", True),
        default_price=None,
        description=params.get("description"),
        images=params.get("images") or [],
        marketing_features=params.get("marketing_features") or [],
        metadata=params.get("metadata") or {},
        name=params["name"],
        package_dimensions=params.get("package_dimensions"),
        shippable=params.get("shippable"),
        statement_descriptor=params.get("statement_descriptor"),
        tax_code=params.get("tax_code"),
        unit_label=params.get("unit_label"),
        url=params.get("url"),
        type=params.get("type", "service"),
    )
    return obj


def price(*, id: str, created: int, product_id: str, params: dict[str, Any]) -> StripeObject:
    obj = fixture("price")
    recurring = params.get("recurring")
    unit_amount = params.get("unit_amount")
    unit_amount_decimal = params.get("unit_amount_decimal")
    if unit_amount is None and unit_amount_decimal is not None:
        unit_amount = int(float(unit_amount_decimal))
    obj.update(
        id=id,
        created=created,
        active=params.get("active", True),
        currency=params["currency"].lower(),
        custom_unit_amount=None,
        lookup_key=params.get("lookup_key"),
        metadata=params.get("metadata") or {},
        nickname=params.get("nickname"),
        product=product_id,
        recurring=(
            {
                "interval": recurring["interval"],
                "interval_count": recurring.get("interval_count", 1),
                "meter": recurring.get("meter"),
                "usage_type": recurring.get("usage_type", "licensed"),
                "trial_period_days": recurring.get("trial_period_days"),
            }
            if recurring
            else None
        ),
        tax_behavior=params.get("tax_behavior", "unspecified"),
        transform_quantity=None,
        type="recurring" if recurring else "one_time",
        unit_amount=unit_amount,
        unit_amount_decimal=(
            str(unit_amount_decimal) if unit_amount_decimal is not None else str(unit_amount)
        ),
    )
    return obj


def plan_from_price(price_obj: StripeObject) -> StripeObject | None:
    """The legacy ``plan`` mirror Stripe still puts on subscription items."""
    recurring = price_obj.get("recurring")
    if not recurring:
        return None
    obj = fixture("subscription_item")["plan"]
    obj.update(
        id=price_obj["id"],
        active=price_obj["active"],
        amount=price_obj["unit_amount"],
        amount_decimal=price_obj["unit_amount_decimal"],
        billing_scheme="per_unit",
        created=price_obj["created"],
        currency=price_obj["currency"],
        interval=recurring["interval"],
        interval_count=recurring["interval_count"],
        livemode=False,
        metadata=price_obj["metadata"],
        nickname=price_obj["nickname"],
        product=price_obj["product"],
        transform_usage=None,
        trial_period_days=recurring.get("trial_period_days"),
        usage_type=recurring.get("usage_type", "licensed"),
    )
    return obj


def checkout_line_item(
    *, id: str, price_obj: StripeObject, quantity: int, description: str
) -> StripeObject:
    obj = fixture("item")
    amount = (price_obj["unit_amount"] or 0) * quantity
    obj.update(
        id=id,
        amount_discount=0,
        amount_subtotal=amount,
        amount_tax=0,
        amount_total=amount,
        currency=price_obj["currency"],
        description=description,
        price=copy.deepcopy(price_obj),
        quantity=quantity,
        metadata={},
        adjustable_quantity=None,
    )
    return obj


def checkout_session(
    *,
    id: str,
    created: int,
    params: dict[str, Any],
    amount: int,
    currency: str,
    url: str | None,
    client_secret: str | None,
    expires_at: int,
) -> StripeObject:
    mode = params["mode"]
    obj = fixture("checkout.session")
    invoice_creation = params.get("invoice_creation") or {}
    obj.update(
        id=id,
        created=created,
        after_expiration=None,
        allow_promotion_codes=params.get("allow_promotion_codes"),
        amount_subtotal=amount,
        amount_total=amount,
        automatic_tax={"enabled": False, "liability": None, "status": None, "provider": None},
        billing_address_collection=params.get("billing_address_collection"),
        cancel_url=params.get("cancel_url"),
        client_reference_id=params.get("client_reference_id"),
        client_secret=client_secret,
        consent=None,
        consent_collection=None,
        currency=currency,
        custom_fields=[],
        custom_text={
            "after_submit": None,
            "shipping_address": None,
            "submit": None,
            "terms_of_service_acceptance": None,
        },
        customer=params.get("customer"),
        customer_creation=(
            params.get("customer_creation", "if_required")
            if mode == "payment" and not params.get("customer")
            else None
        ),
        customer_details=None,
        customer_email=params.get("customer_email"),
        expires_at=expires_at,
        invoice=None,
        invoice_creation=(
            {
                "enabled": bool(invoice_creation.get("enabled")),
                "invoice_data": {
                    "account_tax_ids": None,
                    "custom_fields": None,
                    "description": None,
                    "footer": None,
                    "issuer": None,
                    "metadata": (invoice_creation.get("invoice_data") or {}).get("metadata", {}),
                    "rendering_options": None,
                },
            }
            if mode == "payment"
            else None
        ),
        locale=params.get("locale"),
        metadata=params.get("metadata") or {},
        mode=mode,
        payment_intent=None,
        payment_link=None,
        payment_method_collection=(
            params.get("payment_method_collection", "always") if mode == "subscription" else None
        ),
        payment_method_configuration_details=None,
        payment_method_options={},
        payment_method_types=params.get("allowed_payment_method_types") or ["card"],
        payment_status="unpaid",
        phone_number_collection={
            "enabled": bool((params.get("phone_number_collection") or {}).get("enabled"))
        },
        recovered_from=None,
        saved_payment_method_options=None,
        setup_intent=None,
        shipping_address_collection=params.get("shipping_address_collection"),
        shipping_cost=None,
        shipping_options=[],
        status="open",
        submit_type=params.get("submit_type"),
        subscription=None,
        success_url=params.get("success_url"),
        total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        ui_mode=params.get("ui_mode", "hosted_page"),
        url=url,
        adaptive_pricing={
            "enabled": bool((params.get("adaptive_pricing") or {}).get("enabled", False))
        },
        discounts=[],
        collected_information=None,
        permissions=params.get("permissions"),
        wallet_options=params.get("wallet_options"),
        origin_context=params.get("origin_context"),
        currency_conversion=None,
        customer_account=params.get("customer_account"),
        integration_identifier=params.get("integration_identifier"),
        managed_payments=None,
    )
    # Fields Stripe only shows for some sessions: present when the app set them.
    for optional in (
        "return_url",
        "redirect_on_completion",
        "name_collection",
        "optional_items",
        "branding_settings",
    ):
        if optional in params:
            obj[optional] = params[optional]
    return obj


def customer_details(*, email: str, name: str | None) -> StripeObject:
    details = fixture("checkout.session")["customer_details"]
    details.update(email=email, name=name, address=dict(NULL_ADDRESS), tax_ids=[])
    return details


def portal_session(
    *, id: str, created: int, params: dict[str, Any], url: str, configuration: str
) -> StripeObject:
    obj = fixture("billing_portal.session")
    obj.update(
        id=id,
        created=created,
        configuration=params.get("configuration", configuration),
        customer=params["customer"],
        flow=params.get("flow_data"),
        livemode=False,
        locale=params.get("locale"),
        on_behalf_of=params.get("on_behalf_of"),
        return_url=params.get("return_url"),
        url=url,
        customer_account=params.get("customer_account"),
    )
    return obj


def subscription_item(
    *,
    id: str,
    created: int,
    subscription_id: str,
    price_obj: StripeObject,
    quantity: int,
    period_start: int,
    period_end: int,
) -> StripeObject:
    obj = fixture("subscription_item")
    obj.update(
        id=id,
        created=created,
        discounts=[],
        metadata={},
        price=copy.deepcopy(price_obj),
        plan=plan_from_price(price_obj),
        quantity=quantity,
        subscription=subscription_id,
        tax_rates=[],
        current_period_start=period_start,
        current_period_end=period_end,
        billing_thresholds=None,
    )
    return obj


def subscription(
    *,
    id: str,
    created: int,
    customer_id: str,
    currency: str,
    items: list[StripeObject],
    metadata: dict[str, str],
    description: str | None,
    status: str,
    trial_start: int | None = None,
    trial_end: int | None = None,
    default_payment_method: str | None = None,
) -> StripeObject:
    obj = fixture("subscription")
    obj.update(
        id=id,
        created=created,
        application=None,
        application_fee_percent=None,
        automatic_tax={"enabled": False, "liability": None, "disabled_reason": None},
        billing_cycle_anchor=created if trial_end is None else trial_end,
        billing_cycle_anchor_config=None,
        cancel_at=None,
        canceled_at=None,
        cancellation_details={"comment": None, "feedback": None, "reason": None},
        collection_method="charge_automatically",
        currency=currency,
        customer=customer_id,
        days_until_due=None,
        default_payment_method=default_payment_method,
        default_source=None,
        default_tax_rates=[],
        description=description,
        discounts=[],
        ended_at=None,
        invoice_settings={"account_tax_ids": None, "issuer": {"type": "self"}},
        items=list_object(items, f"/v1/subscription_items?subscription={id}"),
        latest_invoice=None,
        livemode=False,
        metadata=metadata,
        next_pending_invoice_item_invoice=None,
        on_behalf_of=None,
        pause_collection=None,
        payment_settings={
            "payment_method_options": None,
            "payment_method_types": None,
            "save_default_payment_method": "off",
        },
        pending_invoice_item_interval=None,
        pending_setup_intent=None,
        pending_update=None,
        schedule=None,
        start_date=created,
        status=status,
        test_clock=None,
        transfer_data=None,
        trial_end=trial_end,
        trial_settings={"end_behavior": {"missing_payment_method": "create_invoice"}},
        trial_start=trial_start,
        cancel_at_period_end=False,
        billing_thresholds=None,
        billing_mode={"type": "classic", "flexible": None},
        customer_account=None,
        managed_payments=None,
        billing_schedules=[],
    )
    return obj


def invoice_line(
    *,
    id: str,
    invoice_id: str,
    item: StripeObject,
    subscription_id: str | None,
    period_start: int,
    period_end: int,
    description: str,
    amount: int | None = None,
) -> StripeObject:
    """An invoice line for one subscription item (or one-off price) of an invoice.

    ``amount`` overrides the price times quantity (``0`` during a trial).
    """
    price_obj = item["price"]
    if amount is None:
        amount = (price_obj["unit_amount"] or 0) * item["quantity"]
    obj = fixture("line_item")
    obj.update(
        id=id,
        amount=amount,
        currency=price_obj["currency"],
        description=description,
        discount_amounts=[],
        discountable=True,
        discounts=[],
        invoice=invoice_id,
        livemode=False,
        metadata={},
        period={"start": period_start, "end": period_end},
        quantity=item["quantity"],
        subscription=subscription_id,
        pretax_credit_amounts=[],
        taxes=[],
        parent=(
            {
                "type": "subscription_item_details",
                "invoice_item_details": None,
                "subscription_item_details": {
                    "invoice_item": None,
                    "proration": False,
                    "proration_details": {"credited_items": None},
                    "subscription": subscription_id,
                    "subscription_item": item["id"],
                },
            }
            if subscription_id
            else None
        ),
        pricing={
            "type": "price_details",
            "price_details": {"price": price_obj["id"], "product": price_obj["product"]},
            "unit_amount_decimal": price_obj["unit_amount_decimal"],
        },
        subtotal=amount,
        quantity_decimal=str(item["quantity"]),
    )
    return obj


def invoice(
    *,
    id: str,
    created: int,
    customer_obj: StripeObject,
    currency: str,
    lines: list[StripeObject],
    billing_reason: str,
    number: str,
    subscription_id: str | None,
    subscription_metadata: dict[str, str] | None,
    period_start: int,
    period_end: int,
) -> StripeObject:
    """A finalized, open invoice; :mod:`.flows` marks it paid or failed."""
    total = sum(line["amount"] for line in lines)
    obj = fixture("invoice")
    obj.pop("subscription", None)  # removed from the current API; see module docstring
    obj.update(
        id=id,
        created=created,
        account_country="US",
        account_name="Newsroom (fake Stripe)",
        account_tax_ids=None,
        amount_due=total,
        amount_paid=0,
        amount_remaining=total,
        amount_shipping=0,
        amount_overpaid=0,
        attempt_count=0,
        attempted=False,
        auto_advance=True,
        automatic_tax={
            "enabled": False,
            "liability": None,
            "status": None,
            "disabled_reason": None,
            "provider": None,
        },
        automatically_finalizes_at=None,
        billing_reason=billing_reason,
        collection_method="charge_automatically",
        currency=currency,
        custom_fields=None,
        customer=customer_obj["id"],
        customer_address=customer_obj.get("address"),
        customer_email=customer_obj.get("email"),
        customer_name=customer_obj.get("name"),
        customer_phone=customer_obj.get("phone"),
        customer_shipping=customer_obj.get("shipping"),
        customer_tax_exempt="none",
        customer_tax_ids=[],
        default_payment_method=None,
        default_source=None,
        default_tax_rates=[],
        description=None,
        discounts=[],
        due_date=None,
        effective_at=created,
        ending_balance=0,
        footer=None,
        from_invoice=None,
        hosted_invoice_url=None,
        invoice_pdf=None,
        issuer={"type": "self"},
        last_finalization_error=None,
        latest_revision=None,
        lines=list_object(lines, f"/v1/invoices/{id}/lines"),
        livemode=False,
        metadata={},
        next_payment_attempt=None,
        number=number,
        on_behalf_of=None,
        parent=(
            {
                "type": "subscription_details",
                "quote_details": None,
                "subscription_details": {
                    "metadata": subscription_metadata or {},
                    "subscription": subscription_id,
                },
            }
            if subscription_id
            else None
        ),
        payment_settings={
            "default_mandate": None,
            "payment_method_options": None,
            "payment_method_types": None,
        },
        period_end=period_end,
        period_start=period_start,
        post_payment_credit_notes_amount=0,
        pre_payment_credit_notes_amount=0,
        receipt_number=None,
        rendering=None,
        shipping_cost=None,
        shipping_details=None,
        starting_balance=0,
        statement_descriptor=None,
        status="open",
        status_transitions={
            "finalized_at": created,
            "marked_uncollectible_at": None,
            "paid_at": None,
            "voided_at": None,
        },
        subtotal=total,
        subtotal_excluding_tax=total,
        test_clock=None,
        total=total,
        total_discount_amounts=[],
        total_excluding_tax=total,
        total_pretax_credit_amounts=[],
        total_taxes=[],
        webhooks_delivered_at=created,
        customer_account=None,
    )
    return obj


def invoice_payment(
    *, id: str, created: int, invoice_obj: StripeObject, payment_intent_id: str
) -> StripeObject:
    obj = fixture("invoice_payment")
    obj.update(
        id=id,
        created=created,
        amount_paid=None,
        amount_requested=invoice_obj["amount_due"],
        currency=invoice_obj["currency"],
        invoice=invoice_obj["id"],
        is_default=True,
        livemode=False,
        payment={"type": "payment_intent", "payment_intent": payment_intent_id},
        status="open",
        status_transitions={"canceled_at": None, "paid_at": None},
    )
    return obj


def payment_intent(
    *,
    id: str,
    created: int,
    amount: int,
    currency: str,
    customer_id: str | None,
    metadata: dict[str, str],
    description: str | None,
    receipt_email: str | None,
    payment_method_type: str,
    payment_method: str,
    client_secret: str,
) -> StripeObject:
    """A PaymentIntent awaiting confirmation; :mod:`.flows` moves it to its outcome."""
    obj = fixture("payment_intent")
    obj.update(
        id=id,
        created=created,
        amount=amount,
        amount_capturable=0,
        amount_details={"tip": {}},
        amount_received=0,
        application=None,
        application_fee_amount=None,
        automatic_payment_methods=None,
        canceled_at=None,
        cancellation_reason=None,
        capture_method="automatic_async",
        client_secret=client_secret,
        confirmation_method="automatic",
        currency=currency,
        customer=customer_id,
        description=description,
        last_payment_error=None,
        latest_charge=None,
        livemode=False,
        metadata=metadata,
        next_action=None,
        on_behalf_of=None,
        payment_method=payment_method,
        payment_method_configuration_details=None,
        payment_method_options={},
        payment_method_types=[payment_method_type],
        processing=None,
        receipt_email=receipt_email,
        review=None,
        setup_future_usage=None,
        shipping=None,
        source=None,
        statement_descriptor=None,
        statement_descriptor_suffix=None,
        status="requires_confirmation",
        transfer_data=None,
        transfer_group=None,
        excluded_payment_method_types=None,
        customer_account=None,
        managed_payments=None,
    )
    return obj


def charge(
    *,
    id: str,
    created: int,
    intent: StripeObject,
    balance_transaction: str,
    billing_email: str | None,
    succeeded: bool,
) -> StripeObject:
    obj = fixture("charge")
    obj["billing_details"].update(email=billing_email, name=None)
    card = obj["payment_method_details"]["card"]
    card.update(
        amount_authorized=intent["amount"] if succeeded else None,
        checks={
            "address_line1_check": None,
            "address_postal_code_check": None,
            "cvc_check": "pass",
        },
        installments=None,
        wallet=None,
        network_transaction_id=None,
        last4="4242" if succeeded else "0002",
    )
    card["overcapture"]["maximum_amount_capturable"] = intent["amount"]
    obj.update(
        id=id,
        created=created,
        amount=intent["amount"],
        amount_captured=intent["amount"] if succeeded else 0,
        amount_refunded=0,
        balance_transaction=balance_transaction if succeeded else None,
        calculated_statement_descriptor="NEWSROOM",
        captured=succeeded,
        currency=intent["currency"],
        customer=intent["customer"],
        description=intent["description"],
        failure_code=None if succeeded else "card_declined",
        failure_message=None if succeeded else "Your card was declined.",
        livemode=False,
        metadata=dict(intent["metadata"]),
        outcome={
            "advice_code": None,
            "network_advice_code": None,
            "network_decline_code": None,
            "network_status": "approved_by_network" if succeeded else "declined_by_network",
            "reason": None if succeeded else "generic_decline",
            "risk_level": "normal",
            "seller_message": "Payment complete." if succeeded else "The bank did not approve.",
            "type": "authorized" if succeeded else "issuer_declined",
        },
        paid=succeeded,
        payment_intent=intent["id"],
        payment_method=intent["payment_method"],
        receipt_email=intent["receipt_email"],
        receipt_url=None,
        refunded=False,
        refunds=list_object([], f"/v1/charges/{id}/refunds"),
        shipping=None,
        source=None,
        status="succeeded" if succeeded else "failed",
        transfer_data=None,
    )
    return obj


def refund(
    *,
    id: str,
    created: int,
    charge_obj: StripeObject,
    amount: int,
    params: dict[str, Any],
    balance_transaction: str,
) -> StripeObject:
    obj = fixture("refund")
    obj.update(
        id=id,
        created=created,
        amount=amount,
        balance_transaction=balance_transaction,
        charge=charge_obj["id"],
        currency=charge_obj["currency"],
        destination_details={
            "card": {
                "reference_status": "pending",
                "reference_type": "acquirer_reference_number",
                "type": "refund",
            },
            "type": "card",
        },
        metadata=params.get("metadata") or {},
        payment_intent=charge_obj["payment_intent"],
        reason=params.get("reason"),
        status="succeeded",
        customer=charge_obj["customer"],
        payment_method=charge_obj["payment_method"],
    )
    return obj


def event(
    *,
    id: str,
    created: int,
    type: str,
    data_object: StripeObject,
    previous_attributes: dict[str, Any] | None,
    request_id: str | None,
    idempotency_key: str | None,
    pending_webhooks: int,
) -> StripeObject:
    obj = fixture("event")
    data: dict[str, Any] = {"object": copy.deepcopy(data_object)}
    if previous_attributes is not None:
        data["previous_attributes"] = copy.deepcopy(previous_attributes)
    obj.update(
        id=id,
        created=created,
        api_version=API_VERSION,
        data=data,
        livemode=False,
        pending_webhooks=pending_webhooks,
        request={"id": request_id, "idempotency_key": idempotency_key},
        type=type,
    )
    return obj
