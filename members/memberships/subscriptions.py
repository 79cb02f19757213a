"""Keeping a membership in step with its Stripe subscription and invoices (webhooks)."""

from django.db import transaction

from members.billing import gateway

from . import emails
from .lifecycle import membership_apply_subscription
from .models import Membership


def membership_sync_subscription(*, subscription_id: str) -> Membership | None:
    """Bring the membership paid by `subscription_id` up to date with Stripe.

    Called for every subscription and invoice event. The subscription is fetched
    from Stripe after the membership row is locked, so events delivered twice, out
    of order or at the same time all end in Stripe's current state. Returns None
    when no membership has this subscription yet (checkout fulfilment adopts it).
    Raises gateway.StripeError when Stripe cannot be reached.
    """
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(stripe_subscription_id=subscription_id)
            .first()
        )
        if membership is None:
            return None
        subscription = gateway.stripe_client().v1.subscriptions.retrieve(subscription_id)
        membership_apply_subscription(membership, gateway.to_dict(subscription))
    return membership


def invoice_subscription_id(invoice: dict) -> str:
    """The subscription an invoice bills (moved under `parent` in API 2025-03-31)."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return gateway.stripe_id(details.get("subscription") or invoice.get("subscription"))


def membership_payment_failed(*, invoice_id: str) -> Membership | None:
    """A renewal failed: mirror the subscription (past due) and tell the member how to fix it.

    The invoice is read back from Stripe: its payment link goes into the email.
    """
    invoice = gateway.invoice_retrieve(invoice_id)
    membership = membership_sync_subscription(subscription_id=invoice_subscription_id(invoice))
    if membership is not None:
        emails.email_payment_failed(membership, invoice_url=invoice.get("hosted_invoice_url"))
    return membership


def membership_payment_action_required(*, invoice_id: str) -> Membership | None:
    """The bank wants the member to authenticate the payment (3-D Secure): ask them to.

    The invoice is read back from Stripe: its payment link goes into the email.
    """
    invoice = gateway.invoice_retrieve(invoice_id)
    membership = membership_sync_subscription(subscription_id=invoice_subscription_id(invoice))
    if membership is not None:
        emails.email_payment_action_required(
            membership, invoice_url=invoice.get("hosted_invoice_url")
        )
    return membership
