"""Stripe webhook handlers for memberships (registered in MembersConfig.ready())."""

from members.billing.webhooks import stripe_call, webhook_handler

from .joining import membership_fulfil_checkout, membership_fulfil_subscription
from .prices import KIND
from .starts import membership_first_payment_refunded
from .subscriptions import (
    invoice_subscription_id,
    membership_payment_action_required,
    membership_payment_failed,
    membership_sync_subscription,
)


@webhook_handler("checkout.session.completed")
def checkout_session_completed(event: dict) -> str | None:
    session = event["data"]["object"]
    if (session.get("metadata") or {}).get("newsroom_kind") != KIND:
        return None
    outcome = stripe_call(membership_fulfil_checkout, session_id=session["id"])
    if outcome is None:
        return f"checkout {session['id']} not found in Stripe"
    if outcome.membership is None:
        return f"membership checkout {outcome.status}"
    return f"membership {outcome.membership.pk}: {outcome.membership.status} (checkout)"


def _is_membership(metadata: dict | None) -> bool:
    return (metadata or {}).get("newsroom_kind") == KIND


@webhook_handler("customer.subscription.created")
@webhook_handler("customer.subscription.updated")
@webhook_handler("customer.subscription.deleted")
@webhook_handler("invoice.paid")
def subscription_changed(event: dict) -> str | None:
    stripe_object = event["data"]["object"]
    if stripe_object.get("object") == "invoice":
        subscription_id = invoice_subscription_id(stripe_object)
        details = (stripe_object.get("parent") or {}).get("subscription_details") or {}
        metadata = details.get("metadata")
    else:
        subscription_id = stripe_object.get("id", "")
        metadata = stripe_object.get("metadata")
    if not subscription_id:
        return None
    membership = stripe_call(membership_sync_subscription, subscription_id=subscription_id)
    if membership is None and _is_membership(metadata):
        membership = stripe_call(membership_fulfil_subscription, subscription_id=subscription_id)
    if membership is None:
        return None
    return f"membership {membership.pk}: {membership.status}"


@webhook_handler("invoice.payment_failed")
def invoice_payment_failed(event: dict) -> str | None:
    invoice_id = event["data"]["object"].get("id", "")
    if not invoice_id:
        return None
    membership = stripe_call(membership_payment_failed, invoice_id=invoice_id)
    if membership is None:
        return None
    return f"membership {membership.pk}: {membership.status}, payment failed email sent"


@webhook_handler("invoice.payment_action_required")
def invoice_payment_action_required(event: dict) -> str | None:
    invoice_id = event["data"]["object"].get("id", "")
    if not invoice_id:
        return None
    membership = stripe_call(membership_payment_action_required, invoice_id=invoice_id)
    if membership is None:
        return None
    return f"membership {membership.pk}: authentication email sent"


@webhook_handler("charge.refunded")
def charge_refunded(event: dict) -> str | None:
    charge = event["data"]["object"]
    if not charge.get("id") or not charge.get("customer"):
        return None  # not a customer's payment: no membership's
    start = stripe_call(membership_first_payment_refunded, charge_id=charge["id"])
    if start is None:
        return None
    return f"membership start {start.pk}: first payment refunded"
