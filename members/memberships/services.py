"""Memberships: joining through Stripe Checkout and mirroring the subscription.

Every function here is safe to run twice or at the same moment as itself: rows
are locked before they change, state moves only along `ALLOWED_TRANSITIONS`, and
Stripe is the source of truth (a subscription is re-fetched under the lock rather
than trusted from a possibly stale webhook payload).
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from members.billing import gateway
from members.campaigns.services import (
    campaign_start_counted,
    campaign_start_refunded,
    public_supporter_from_checkout,
)

from . import emails
from .models import Membership, MembershipStart, PlanPrice

logger = logging.getLogger(__name__)

KIND = "membership"
Status = Membership.Status

# For one subscription, state only moves along these edges. ENDED is final: a
# cancelled Stripe subscription never comes back (joining again makes a new one).
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.PENDING: {Status.ACTIVE, Status.PAST_DUE, Status.CANCELLING, Status.ENDED},
    Status.ACTIVE: {Status.PAST_DUE, Status.CANCELLING, Status.ENDED},
    Status.PAST_DUE: {Status.ACTIVE, Status.CANCELLING, Status.ENDED},
    Status.CANCELLING: {Status.ACTIVE, Status.PAST_DUE, Status.ENDED},
    Status.ENDED: set(),
}


@dataclass(frozen=True)
class CheckoutStarted:
    session_id: str
    url: str


@dataclass(frozen=True)
class CheckoutOutcome:
    """What happened to a Checkout Session: `paid`, `unpaid` (still open) or `expired`."""

    status: str
    email: str
    user_id: int | None = None
    membership: Membership | None = None
    account_created: bool = False
    # An account made for a reader who paid without one, not yet given a password
    # (whichever of the webhook and the thank-you page made it).
    needs_password: bool = False


# --- Plans and prices in Stripe ---------------------------------------------------


def plan_price_stripe_id(*, price: PlanPrice) -> str:
    """The id of the Stripe Price for `price`, found by its lookup key or created.

    Looked up lazily (at checkout), so the demo and a fresh Stripe account need no
    set-up step. When an editor changed the amount, a new Stripe Price is created
    and the lookup key moves to it (`transfer_lookup_key`).
    """
    client = gateway.stripe_client()
    found = client.v1.prices.list(
        params={"lookup_keys": [price.stripe_lookup_key], "active": True, "limit": 1}
    )
    for candidate in found.data:
        recurring = candidate.recurring
        if (
            candidate.unit_amount == price.amount
            and candidate.currency == price.currency
            and recurring is not None
            and recurring.interval == price.interval
        ):
            return candidate.id
    created = client.v1.prices.create(
        params={
            "product": plan_product_id(price=price),
            "currency": price.currency,
            "unit_amount": price.amount,
            "recurring": {"interval": price.interval},
            "lookup_key": price.stripe_lookup_key,
            "transfer_lookup_key": True,
            "nickname": str(price),
            "metadata": {"newsroom_kind": KIND, "plan_price_id": str(price.pk)},
        },
        options={
            "idempotency_key": gateway.idempotency_key(
                "plan-price", price.stripe_lookup_key, price.amount, price.currency, price.interval
            )
        },
    )
    return created.id


def plan_product_id(*, price: PlanPrice) -> str:
    """The Stripe Product of a plan, with a stable id we choose (created when missing)."""
    client = gateway.stripe_client()
    product_id = f"newsroom_plan_{price.plan.slug}"
    try:
        client.v1.products.retrieve(product_id)
    except gateway.InvalidRequestError as error:
        if not gateway.is_not_found(error):
            raise
        client.v1.products.create(
            params={
                "id": product_id,
                "name": f"{price.plan.name} membership",
                "metadata": {"newsroom_kind": KIND},
            },
            options={"idempotency_key": gateway.idempotency_key("plan-product", product_id)},
        )
    return product_id


# --- Joining ----------------------------------------------------------------------


def membership_checkout_create(
    *,
    price: PlanPrice,
    amount: int,
    user,
    email: str,
    attempt: str,
    success_url: str,
    cancel_url: str,
    extra_metadata: dict[str, str] | None = None,
) -> CheckoutStarted:
    """Create a Stripe Checkout Session (subscription mode) for joining.

    `attempt` identifies one rendering of the join form: submitting it twice (a
    double click, a retried request) replays the same session instead of making a
    second one. `user` may be None (a reader without an account); fulfilment then
    links the membership to the account of the email address paid with.
    """
    metadata = {
        **(extra_metadata or {}),
        "newsroom_kind": KIND,
        "plan_price_id": str(price.pk),
        "user_id": str(user.pk) if user else "",
    }
    if amount == price.amount:
        line_item = {"price": plan_price_stripe_id(price=price), "quantity": 1}
    else:
        line_item = {
            "price_data": {
                "currency": price.currency,
                "unit_amount": amount,
                "recurring": {"interval": price.interval},
                "product": plan_product_id(price=price),
            },
            "quantity": 1,
        }
    params = {
        "mode": "subscription",
        "line_items": [line_item],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": f"user-{user.pk}" if user else f"attempt-{attempt}",
        "metadata": metadata,
        "subscription_data": {"metadata": metadata},
    }
    customer_id = (
        Membership.objects.filter(user=user).values_list("stripe_customer_id", flat=True).first()
        if user
        else None
    )
    if customer_id:
        params["customer"] = customer_id
    else:
        params["customer_email"] = email
    session = gateway.stripe_client().v1.checkout.sessions.create(
        params=params,
        options={
            "idempotency_key": gateway.idempotency_key(
                "membership-checkout",
                attempt,
                user.pk if user else "",
                price.pk,
                amount,
                email,
                *sorted((extra_metadata or {}).items()),
            )
        },
    )
    return CheckoutStarted(session_id=session.id, url=session.url)


def membership_fulfil_checkout(*, session_id: str) -> CheckoutOutcome | None:
    """Fulfil a membership Checkout Session; called by the webhook and the thank-you page.

    Fetches the session from Stripe (so a forged id fails with Stripe's 404 and a
    forged payload changes nothing). Returns None for sessions that are not
    memberships. For a paid session it finds or creates the reader's account (by
    the email address paid with, unverified until they confirm it through allauth),
    then mirrors the subscription onto their one membership. Running it twice, or
    from two requests at once, gives one membership and one welcome email.
    Raises gateway.StripeError when Stripe cannot be reached.
    """
    client = gateway.stripe_client()
    session = gateway.to_dict(client.v1.checkout.sessions.retrieve(session_id))
    metadata = session.get("metadata") or {}
    if metadata.get("newsroom_kind") != KIND or session.get("mode") != "subscription":
        return None
    email = (session.get("customer_details") or {}).get("email") or session.get("customer_email")
    email = (email or "").strip()
    if session.get("status") != "complete" or not session.get("subscription"):
        status = "expired" if session.get("status") == "expired" else "unpaid"
        return CheckoutOutcome(status=status, email=email)

    subscription_id = _id(session["subscription"])
    with transaction.atomic():
        user, account_created = _checkout_user(user_id=metadata.get("user_id"), email=email)
        public_supporter_from_checkout(user=user, metadata=metadata)
        # Every fulfilment for this reader queues on their row, so two at once
        # (webhook and thank-you page) cannot both create a membership.
        get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
        membership, _ = Membership.objects.get_or_create(user=user)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        subscription = gateway.to_dict(client.v1.subscriptions.retrieve(subscription_id))
        _membership_apply_subscription(
            membership,
            subscription,
            first_invoice_id=_id(session.get("invoice")),
            fallback_price_id=metadata.get("plan_price_id"),
            paid=session.get("payment_status") == "paid",
        )
    return CheckoutOutcome(
        status="paid",
        email=email,
        user_id=user.pk,
        membership=membership,
        account_created=account_created,
        needs_password=not user.has_usable_password(),
    )


def _checkout_user(*, user_id: str | None, email: str):
    """The account a paid checkout belongs to: the signed-in joiner, else by email."""
    User = get_user_model()
    if user_id and (user := User.objects.filter(pk=user_id).first()):
        return user, False
    if not email:
        raise ValueError("A completed Checkout Session without an email address.")
    if user := User.objects.filter(email__iexact=email).first():
        return user, False
    if address := EmailAddress.objects.filter(email__iexact=email).select_related("user").first():
        return address.user, False
    try:
        with transaction.atomic():
            # No password yet: the welcome email links to allauth's "set a password",
            # and signing in then confirms the address (mandatory verification).
            user = User.objects.create_user(email=email, password=None)
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    except IntegrityError:  # created by a parallel fulfilment a moment ago
        return User.objects.get(email__iexact=email), False
    return user, True


# --- Mirroring the subscription -----------------------------------------------------


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
        _membership_apply_subscription(membership, gateway.to_dict(subscription))
    return membership


def membership_fulfil_subscription(*, subscription_id: str) -> Membership | None:
    """Fulfil the Checkout that created `subscription_id`, if that was a membership.

    For a subscription or invoice event about a membership subscription we don't
    know yet: normally `checkout.session.completed` or the thank-you page got there
    first, but if both were lost this finds the session and fulfils it.
    Raises gateway.StripeError when Stripe cannot be reached.
    """
    sessions = gateway.stripe_client().v1.checkout.sessions.list(
        params={"subscription": subscription_id, "limit": 1}
    )
    for session in sessions.data:
        outcome = membership_fulfil_checkout(session_id=session.id)
        if outcome is not None:
            return outcome.membership
    return None


def subscription_state(subscription: dict) -> str:
    """Our status for a Stripe subscription."""
    stripe_status = subscription.get("status")
    if stripe_status in {"canceled", "incomplete_expired"}:
        return Status.ENDED
    if stripe_status in {"past_due", "unpaid", "paused"}:
        return Status.PAST_DUE
    if stripe_status == "incomplete":
        return Status.PENDING
    if subscription.get("cancel_at_period_end") or subscription.get("cancel_at"):
        return Status.CANCELLING
    return Status.ACTIVE


def subscription_period_end(subscription: dict) -> datetime | None:
    # Since API 2025-03-31 the period lives on each item; older versions had it on
    # the subscription itself.
    ends = [
        item.get("current_period_end")
        for item in (subscription.get("items") or {}).get("data", [])
        if item.get("current_period_end")
    ]
    if not ends and subscription.get("current_period_end"):
        ends = [subscription["current_period_end"]]
    return _datetime(max(ends)) if ends else None


def _membership_apply_subscription(
    membership: Membership,
    subscription: dict,
    *,
    first_invoice_id: str = "",
    fallback_price_id: str | None = None,
    paid: bool = False,
) -> str:
    """Move a locked membership to the state of `subscription`; send the emails due.

    `paid` says the first payment is known to have been made (a completed
    Checkout): the start is then recorded even if the subscription has ended since.
    """
    subscription_id = subscription["id"]
    new_status = subscription_state(subscription)
    adopting = membership.stripe_subscription_id != subscription_id
    if adopting:
        if membership.is_live and new_status not in Membership.LIVE_STATUSES:
            # An older or abandoned subscription must not end a live membership.
            return f"membership {membership.pk}: ignored {subscription_id} ({new_status})"
        old_status = Status.PENDING
    else:
        old_status = membership.status
        if new_status != old_status and new_status not in ALLOWED_TRANSITIONS[old_status]:
            return f"membership {membership.pk}: stays {old_status} (Stripe says {new_status})"

    previous_live = membership.is_live
    if adopting and previous_live and membership.stripe_subscription_id:
        # Two live subscriptions for one reader (e.g. two checkouts in two tabs):
        # the newer one is mirrored; staff should refund and cancel the other.
        logger.warning(
            "Membership %s: subscription %s replaces live %s; check for a double payment",
            membership.pk,
            subscription_id,
            membership.stripe_subscription_id,
        )
    membership.status = new_status
    membership.source = Membership.Source.SUBSCRIPTION
    membership.stripe_subscription_id = subscription_id
    customer_id = _id(subscription.get("customer"))
    # The portal must open the customer who pays the current subscription (a reader
    # who paid without signing in gets a new Stripe customer each time).
    if (
        customer_id
        and (adopting or not membership.stripe_customer_id)
        and not Membership.objects.filter(stripe_customer_id=customer_id)
        .exclude(pk=membership.pk)
        .exists()
    ):
        membership.stripe_customer_id = customer_id
    _membership_set_price(membership, subscription, fallback_price_id=fallback_price_id)

    if new_status in {Status.ACTIVE, Status.CANCELLING}:
        period_end = subscription_period_end(subscription)
        # Paid periods only move forward: a late event never shortens what was paid
        # for (nor does a first payment cut short what a gift still covers).
        if period_end and (membership.paid_through is None or period_end > membership.paid_through):
            membership.paid_through = period_end
    if new_status == Status.ENDED:
        membership.ended_at = _datetime(subscription.get("ended_at")) or timezone.now()

    started = False
    if old_status == Status.PENDING and (new_status in Membership.LIVE_STATUSES or paid):
        started = membership_start_record(
            membership=membership,
            source=Membership.Source.SUBSCRIPTION,
            reference=subscription_id,
            started_at=_datetime(subscription.get("start_date")) or timezone.now(),
            stripe_invoice_id=first_invoice_id or _id(subscription.get("latest_invoice")),
        )
    membership.save()

    if started and not previous_live and new_status in Membership.LIVE_STATUSES:
        emails.email_welcome(membership)
    elif new_status == Status.CANCELLING and old_status in {Status.ACTIVE, Status.PAST_DUE}:
        emails.email_membership_ending(membership)
    elif new_status == Status.ENDED and old_status in Membership.LIVE_STATUSES:
        emails.email_membership_ended(membership)
    return f"membership {membership.pk}: {old_status} → {new_status}"


def _membership_set_price(
    membership: Membership, subscription: dict, *, fallback_price_id: str | None
) -> None:
    items = (subscription.get("items") or {}).get("data") or []
    stripe_price = (items[0].get("price") or {}) if items else {}
    price = None
    if lookup_key := stripe_price.get("lookup_key"):
        price = (
            PlanPrice.objects.filter(stripe_lookup_key=lookup_key).select_related("plan").first()
        )
    price_id = (subscription.get("metadata") or {}).get("plan_price_id") or fallback_price_id
    if price is None and price_id and str(price_id).isdigit():
        price = PlanPrice.objects.filter(pk=price_id).select_related("plan").first()
    if price is not None:
        membership.plan = price.plan
        membership.interval = price.interval
    if stripe_price.get("unit_amount") is not None:
        membership.amount = stripe_price["unit_amount"]
        membership.currency = stripe_price.get("currency") or membership.currency
        interval = (stripe_price.get("recurring") or {}).get("interval")
        if interval in PlanPrice.Interval.values:
            membership.interval = interval


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
    paid for but not yet redeemed (members/gifts fills it in at redemption).
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


def membership_first_payment_refunded(*, charge: dict) -> MembershipStart | None:
    """A charge was refunded: if it was a subscription's first payment, mark that start.

    Only full refunds undo a start (a partial refund is a goodwill gesture, the
    reader stays a member). The first payment is recognised by its invoice, which
    the start recorded: Stripe lists an invoice's payments (PaymentIntents), while
    a charge no longer names its invoice. Raises gateway.StripeError when Stripe
    cannot be reached.
    """
    customer_id = _id(charge.get("customer"))
    intent_id = _id(charge.get("payment_intent"))
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
            _id((payment.get("payment") or {}).get("payment_intent"))
            for payment in (invoice.get("payments") or {}).get("data", [])
        }
        if intent_id in paid_by:
            return membership_start_mark_refunded(stripe_invoice_id=start.stripe_invoice_id)
    return None


# --- Invoices -----------------------------------------------------------------------


def invoice_subscription_id(invoice: dict) -> str:
    """The subscription an invoice bills (moved under `parent` in API 2025-03-31)."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return _id(details.get("subscription") or invoice.get("subscription"))


def membership_payment_failed(*, invoice: dict) -> Membership | None:
    """A renewal failed: mirror the subscription (past due) and tell the member how to fix it."""
    membership = membership_sync_subscription(subscription_id=invoice_subscription_id(invoice))
    if membership is not None:
        emails.email_payment_failed(membership, invoice_url=invoice.get("hosted_invoice_url"))
    return membership


def membership_payment_action_required(*, invoice: dict) -> Membership | None:
    """The bank wants the member to authenticate the payment (3-D Secure): ask them to."""
    membership = membership_sync_subscription(subscription_id=invoice_subscription_id(invoice))
    if membership is not None:
        emails.email_payment_action_required(
            membership, invoice_url=invoice.get("hosted_invoice_url")
        )
    return membership


# --- Self-service -------------------------------------------------------------------


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
        {**invoice, "created_at": _datetime(invoice.get("created"))}
        for invoice in map(gateway.to_dict, invoices.data)
    ]


def _id(value) -> str:
    """A Stripe id from a field that may be an id, an expanded object or empty."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value.get("id", "") if isinstance(value, dict) else value.id


def _datetime(timestamp: int | None) -> datetime | None:
    return datetime.fromtimestamp(int(timestamp), tz=UTC) if timestamp else None
