"""The `MembershipStart` ledger: one row each time a membership starts (what campaigns count).

The only writer of the ledger. Each insert or refund calls the campaign counter in
the same transaction, so a start counts exactly once however often it is recorded.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from members.billing import gateway
from members.campaigns.services import campaign_start_counted, campaign_start_refunded

from .models import Membership, MembershipStart


def membership_start_record(
    *,
    membership: Membership | None,
    source: str,
    reference: str,
    started_at: datetime | None = None,
    stripe_invoice_id: str = "",
) -> bool:
    """Record that `membership` started (the one place starts are written).

    Sets `membership.started_at` and clears `ended_at` (the caller saves the
    membership). Idempotent per `reference`; returns True only the first time,
    so the caller sends the welcome email once. `membership` is None for a gift
    paid for but not yet redeemed (`membership_start_attach` fills it in then).
    """
    started_at = started_at or timezone.now()
    with transaction.atomic():
        start, created = MembershipStart.objects.get_or_create(
            reference=reference,
            defaults={
                "membership": membership,
                "source": source,
                "started_at": started_at,
                "stripe_invoice_id": stripe_invoice_id or "",
            },
        )
        if created:
            # Same transaction as the insert: only the first insert counts, once.
            campaign_start_counted(start=start)
    if created and membership is not None:
        membership.started_at = started_at
        membership.ended_at = None
    return created


def membership_start_attach(
    *, membership: Membership, source: str, reference: str, started_at: datetime | None
) -> None:
    """Give a start recorded without a member (a paid gift) the membership it became.

    The start keeps its moment, so it stays counted where it was; if it was never
    recorded, it is recorded now.
    """
    if not MembershipStart.objects.filter(reference=reference).update(membership=membership):
        membership_start_record(
            membership=membership, source=source, reference=reference, started_at=started_at
        )


def membership_start_mark_refunded(
    *, stripe_invoice_id: str = "", reference: str = "", refunded_at: datetime | None = None
) -> MembershipStart | None:
    """Mark the start whose first payment was `stripe_invoice_id` (or the start
    written with `reference`, e.g. "gift:12") as refunded (once).

    The start row stays (it happened); counters leave refunded starts out.
    Returns None when no start matches.
    """
    if not stripe_invoice_id and not reference:
        return None
    with transaction.atomic():
        starts = MembershipStart.objects.select_for_update()
        if reference:
            starts = starts.filter(reference=reference)
        else:
            starts = starts.filter(stripe_invoice_id=stripe_invoice_id)
        start = starts.first()
        if start is not None and start.refunded_at is None:
            start.refunded_at = refunded_at or timezone.now()
            start.save(update_fields=["refunded_at"])
            campaign_start_refunded(start=start)
    return start


def membership_first_payment_refunded(*, charge_id: str) -> MembershipStart | None:
    """A charge was refunded: if it was a subscription's first payment, mark that start.

    Only full refunds undo a start (a partial refund is a goodwill gesture, the
    reader stays a member). The first payment is recognised by its invoice, which
    the start recorded: Stripe lists an invoice's payments (PaymentIntents), while
    a charge no longer names its invoice. The charge is read back from Stripe (an
    event's word is not enough to undo a start). Raises gateway.StripeError when
    Stripe cannot be reached.
    """
    charge = gateway.charge_retrieve(charge_id)
    customer_id = gateway.stripe_id(charge.get("customer"))
    intent_id = gateway.stripe_id(charge.get("payment_intent"))
    if not charge.get("refunded") or not customer_id or not intent_id:
        return None
    starts = MembershipStart.objects.filter(
        membership__stripe_customer_id=customer_id,
        source=Membership.Source.SUBSCRIPTION,
        refunded_at__isnull=True,
    ).exclude(stripe_invoice_id="")
    client = gateway.stripe_client()
    for start in starts:
        invoice = gateway.to_dict(
            client.v1.invoices.retrieve(start.stripe_invoice_id, params={"expand": ["payments"]})
        )
        paid_by = {
            gateway.stripe_id((payment.get("payment") or {}).get("payment_intent"))
            for payment in (invoice.get("payments") or {}).get("data", [])
        }
        if intent_id in paid_by:
            return membership_start_mark_refunded(stripe_invoice_id=start.stripe_invoice_id)
    return None
