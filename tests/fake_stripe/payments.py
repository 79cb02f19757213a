"""PaymentIntents, charges and refunds.

Events: ``payment_intent.created``, ``charge.succeeded`` + ``payment_intent.succeeded``;
declines ``charge.failed`` + ``payment_intent.payment_failed``; 3-D Secure
``payment_intent.requires_action``; refunds ``refund.created`` + ``charge.refunded``.
"""

from __future__ import annotations

import secrets
from typing import Any

from . import objects
from .describe import format_amount
from .errors import invalid_request
from .state import State, StripeObject, snapshot


def _secret(prefix: str) -> str:
    return f"{prefix}_secret_{secrets.token_urlsafe(18)}"


def new_payment_intent(
    state: State,
    *,
    amount: int,
    currency: str,
    customer_id: str | None,
    metadata: dict[str, str] | None = None,
    description: str | None = None,
    receipt_email: str | None = None,
    payment_method_type: str = "card",
) -> StripeObject:
    intent_id = state.new_id("pi")
    intent = objects.payment_intent(
        id=intent_id,
        created=state.now(),
        amount=amount,
        currency=currency,
        customer_id=customer_id,
        metadata=metadata or {},
        description=description,
        receipt_email=receipt_email,
        payment_method_type=payment_method_type,
        payment_method=state.new_id("pm"),
        client_secret=_secret(intent_id),
    )
    state.add(intent)
    state.record_event("payment_intent.created", intent)
    return intent


def _new_charge(
    state: State, intent: StripeObject, email: str | None, succeeded: bool
) -> StripeObject:
    charge = objects.charge(
        id=state.new_id("ch"),
        created=state.now(),
        intent=intent,
        balance_transaction=state.new_id("txn"),
        billing_email=email,
        succeeded=succeeded,
    )
    state.add(charge)
    intent["latest_charge"] = charge["id"]
    return charge


def succeed_payment(state: State, intent: StripeObject, email: str | None = None) -> StripeObject:
    charge = _new_charge(state, intent, email, succeeded=True)
    intent.update(
        status="succeeded",
        amount_received=intent["amount"],
        last_payment_error=None,
        next_action=None,
        processing=None,
    )
    state.record_event("charge.succeeded", charge)
    state.record_event("payment_intent.succeeded", intent)
    return charge


def fail_payment(state: State, intent: StripeObject, email: str | None = None) -> StripeObject:
    charge = _new_charge(state, intent, email, succeeded=False)
    intent.update(
        status="requires_payment_method",
        processing=None,
        last_payment_error={
            "charge": charge["id"],
            "code": "card_declined",
            "decline_code": "generic_decline",
            "doc_url": "https://docs.stripe.com/error-codes/card-declined",
            "message": "Your card was declined.",
            "type": "card_error",
        },
    )
    state.record_event("charge.failed", charge)
    state.record_event("payment_intent.payment_failed", intent)
    return charge


def require_payment_action(state: State, intent: StripeObject) -> None:
    intent.update(
        status="requires_action",
        next_action={
            "type": "use_stripe_sdk",
            "use_stripe_sdk": {"type": "three_d_secure_redirect"},
        },
    )
    state.record_event("payment_intent.requires_action", intent)


def create_refund(state: State, params: dict[str, Any]) -> StripeObject:
    if "charge" in params:
        charge = state.require(params["charge"], "charge", "charge")
    elif "payment_intent" in params:
        intent = state.require(params["payment_intent"], "payment_intent", "payment_intent")
        if intent["status"] != "succeeded" or not intent["latest_charge"]:
            raise invalid_request(
                f"This PaymentIntent ({intent['id']}) does not have a successful charge to refund.",
                param="payment_intent",
            )
        charge = state.require(intent["latest_charge"], "charge", "payment_intent")
    else:
        raise invalid_request(
            "One of the following params should be provided for this request: "
            "payment_intent or charge."
        )
    if not charge["paid"]:
        raise invalid_request(f"Charge {charge['id']} has not been paid.", param="charge")
    remaining = charge["amount_captured"] - charge["amount_refunded"]
    if remaining <= 0:
        raise invalid_request(
            f"Charge {charge['id']} has already been refunded.", code="charge_already_refunded"
        )
    amount = params.get("amount", remaining)
    if amount <= 0:
        raise invalid_request("Invalid positive integer", param="amount")
    if amount > remaining:
        raise invalid_request(
            f"Refund amount ({format_amount(amount, charge['currency'])}) is greater than "
            f"unrefunded amount on charge ({format_amount(remaining, charge['currency'])})",
            param="amount",
        )
    refund = objects.refund(
        id=state.new_id("re"),
        created=state.now(),
        charge_obj=charge,
        amount=amount,
        params=params,
        balance_transaction=state.new_id("txn"),
    )
    state.add(refund)
    before = snapshot(charge)
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] >= charge["amount_captured"]
    charge["refunds"]["data"].insert(0, snapshot(refund))
    state.record_event("refund.created", refund)
    state.record_event("charge.refunded", charge, before)
    return refund
