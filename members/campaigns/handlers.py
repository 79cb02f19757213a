"""Stripe webhook handlers for campaigns (registered in MembersConfig.ready()).

A refunded *first* payment of a subscription takes that membership start off the
campaigns. (Gifts record their own refunds, see members/gifts/handlers.py.)
"""

from members.billing import gateway
from members.billing.webhooks import RetryLater, webhook_handler
from members.memberships.models import MembershipStart
from members.memberships.services import membership_start_mark_refunded


def _id(value) -> str:
    if not value:
        return ""
    return value if isinstance(value, str) else value.get("id", "")


@webhook_handler("charge.refunded")
def first_payment_refunded(event: dict) -> str | None:
    charge = event["data"]["object"]
    customer_id = _id(charge.get("customer"))
    payment_intent_id = _id(charge.get("payment_intent"))
    if not charge.get("refunded") or not customer_id or not payment_intent_id:
        return None  # partial refunds keep the member
    unrefunded_firsts = set(
        MembershipStart.objects.filter(
            membership__stripe_customer_id=customer_id, refunded_at__isnull=True
        )
        .exclude(stripe_invoice_id="")
        .values_list("stripe_invoice_id", flat=True)
    )
    if not unrefunded_firsts:
        return None  # not a member's first payment (or already taken off)
    # Since API 2025-03-31 a charge no longer names its invoice: find the invoice
    # whose payment is this PaymentIntent among the customer's invoices.
    try:
        invoices = gateway.stripe_client().v1.invoices.list(
            params={"customer": customer_id, "limit": 100, "expand": ["data.payments"]}
        )
    except gateway.StripeError as error:
        raise RetryLater(f"Stripe is unavailable: {error}") from error
    for invoice in map(gateway.to_dict, invoices.data):
        if invoice["id"] not in unrefunded_firsts:
            continue
        for payment in (invoice.get("payments") or {}).get("data", []):
            if _id((payment.get("payment") or {}).get("payment_intent")) == payment_intent_id:
                start = membership_start_mark_refunded(stripe_invoice_id=invoice["id"])
                return f"membership start {start.pk}: first payment refunded"
    return None
