"""The member's self-service: Stripe's Customer Portal and their invoices."""

from members.billing import gateway

from .models import Membership


def membership_portal_url(*, membership: Membership, return_url: str) -> str:
    """A Stripe Customer Portal session where the member manages billing."""
    session = gateway.stripe_client().v1.billing_portal.sessions.create(
        params={"customer": membership.stripe_customer_id, "return_url": return_url}
    )
    return session.url


def membership_invoices(*, membership: Membership, limit: int = 12) -> list[dict]:
    """The member's latest invoices from Stripe, newest first, as plain dicts."""
    if not membership.stripe_customer_id:
        return []
    invoices = gateway.stripe_client().v1.invoices.list(
        params={"customer": membership.stripe_customer_id, "limit": limit}
    )
    return [
        {**invoice, "created_at": gateway.stripe_datetime(invoice.get("created"))}
        for invoice in map(gateway.to_dict, invoices.data)
    ]
