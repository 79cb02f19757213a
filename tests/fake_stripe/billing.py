"""Invoices and subscriptions: billing periods, renewals, failures, cancellation.

Events: ``invoice.created``, ``invoice.finalized``, then ``invoice.paid`` +
``invoice.payment_succeeded``, or ``invoice.payment_failed``, or
``invoice.payment_action_required``; ``customer.subscription.created`` /
``.updated`` / ``.deleted``.  Current-API shapes: periods live on subscription items,
an invoice names its subscription at ``parent.subscription_details.subscription``.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from . import objects
from .describe import price_description, product_name
from .errors import StripeError, invalid_request
from .objects import apply_metadata
from .payments import fail_payment, new_payment_intent, require_payment_action, succeed_payment
from .state import State, StripeObject, snapshot

RENEWAL_OUTCOMES = ("paid", "failed", "requires_action")
LIVE_SUBSCRIPTION_STATUSES = ("active", "trialing", "past_due")
DAY = 86400


def add_interval(timestamp: int, interval: str, count: int = 1) -> int:
    """``timestamp`` plus ``count`` billing intervals, calendar-aware like Stripe
    (Jan 31 + 1 month = Feb 28/29)."""
    if interval == "day":
        return timestamp + count * DAY
    if interval == "week":
        return timestamp + count * 7 * DAY
    moment = datetime.datetime.fromtimestamp(timestamp, datetime.UTC)
    months = count * (12 if interval == "year" else 1)
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp())


def current_period(subscription: StripeObject) -> tuple[int, int]:
    first = subscription["items"]["data"][0]
    return first["current_period_start"], first["current_period_end"]


# -- invoices ---------------------------------------------------------------------------


def _invoice_number(state: State, customer: StripeObject) -> str:
    sequence = customer.get("next_invoice_sequence") or 1
    customer["next_invoice_sequence"] = sequence + 1
    return f"{customer['invoice_prefix']}-{sequence:04d}"


def create_invoice(
    state: State,
    *,
    customer: StripeObject,
    currency: str,
    entries: list[tuple[StripeObject, int, int, int | None]],
    billing_reason: str,
    subscription: StripeObject | None,
    period: tuple[int, int],
    payment_intent_id: str | None = None,
    metadata: dict[str, str] | None = None,
) -> StripeObject:
    """Create and finalize an invoice (status ``open``) with a PaymentIntent for it
    (a new one, or ``payment_intent_id`` when another payment settles it).

    ``entries`` are ``(item, period_start, period_end, amount_override)`` where an item
    is a subscription item or a Checkout line item (both have ``id``/``price``/``quantity``).
    """
    invoice_id = state.new_id("in")
    lines = []
    for item, start, end, amount in entries:
        is_subscription_item = item.get("object") == "subscription_item"
        description = price_description(state, item["price"], item["quantity"])
        if amount == 0 and is_subscription_item:
            description = f"Trial period for {product_name(state, item['price'])}"
        lines.append(
            objects.invoice_line(
                id=state.new_id("il"),
                invoice_id=invoice_id,
                item=item,
                subscription_id=subscription["id"]
                if subscription and is_subscription_item
                else None,
                period_start=start,
                period_end=end,
                description=description,
                amount=amount,
            )
        )
    invoice = objects.invoice(
        id=invoice_id,
        created=state.now(),
        customer_obj=customer,
        currency=currency,
        lines=lines,
        billing_reason=billing_reason,
        number=_invoice_number(state, customer),
        subscription_id=subscription["id"] if subscription else None,
        subscription_metadata=subscription["metadata"] if subscription else None,
        period_start=period[0],
        period_end=period[1],
    )
    invoice["metadata"] = dict(metadata or {})
    if state.public_url:  # finalized invoices have a hosted page
        invoice["hosted_invoice_url"] = f"{state.public_url}/i/{invoice_id}"
    state.add(invoice)
    draft = snapshot(invoice)
    draft.update(status="draft", number=None, effective_at=None, hosted_invoice_url=None)
    draft["status_transitions"]["finalized_at"] = None
    state.record_event("invoice.created", draft)
    state.record_event("invoice.finalized", invoice)
    state.invoice_payments[invoice_id] = []
    if payment_intent_id is not None:
        state.invoice_payments[invoice_id].append(
            objects.invoice_payment(
                id=state.new_id("inpay"),
                created=state.now(),
                invoice_obj=invoice,
                payment_intent_id=payment_intent_id,
            )
        )
    elif invoice["amount_due"] > 0:
        intent = new_payment_intent(
            state,
            amount=invoice["amount_due"],
            currency=currency,
            customer_id=customer["id"],
            description=(
                "Subscription creation"
                if billing_reason == "subscription_create"
                else "Subscription update"
                if subscription
                else None
            ),
        )
        state.invoice_payments[invoice_id].append(
            objects.invoice_payment(
                id=state.new_id("inpay"),
                created=state.now(),
                invoice_obj=invoice,
                payment_intent_id=intent["id"],
            )
        )
    return invoice


def invoice_intent(state: State, invoice: StripeObject) -> StripeObject | None:
    payments = state.invoice_payments.get(invoice["id"], [])
    if not payments:
        return None
    return state.get(payments[-1]["payment"]["payment_intent"], "payment_intent")


def mark_invoice_paid(state: State, invoice: StripeObject) -> None:
    now = state.now()
    invoice.update(
        status="paid",
        amount_paid=invoice["amount_due"],
        amount_remaining=0,
        attempted=True,
        attempt_count=invoice["attempt_count"] + (1 if invoice["amount_due"] else 0),
        next_payment_attempt=None,
    )
    invoice["status_transitions"]["paid_at"] = now
    for payment in state.invoice_payments.get(invoice["id"], []):
        payment.update(status="paid", amount_paid=payment["amount_requested"])
        payment["status_transitions"]["paid_at"] = now
    state.record_event("invoice.paid", invoice)
    state.record_event("invoice.payment_succeeded", invoice)


def collect_invoice(state: State, invoice: StripeObject, outcome: str) -> None:
    """Attempt to charge an open invoice: ``paid``, ``failed`` or ``requires_action``."""
    if outcome not in RENEWAL_OUTCOMES:
        raise invalid_request(f"Invalid outcome: must be one of {', '.join(RENEWAL_OUTCOMES)}")
    intent = invoice_intent(state, invoice)
    if intent is None:  # nothing to charge (trial, 100% discount)
        mark_invoice_paid(state, invoice)
        return
    if outcome == "paid":
        succeed_payment(state, intent, invoice["customer_email"])
        mark_invoice_paid(state, invoice)
        return
    invoice.update(
        attempted=True,
        attempt_count=invoice["attempt_count"] + 1,
        next_payment_attempt=state.now() + 3 * DAY,
    )
    if outcome == "failed":
        fail_payment(state, intent, invoice["customer_email"])
        state.record_event("invoice.payment_failed", invoice)
    else:
        require_payment_action(state, intent)
        state.record_event("invoice.payment_action_required", invoice)


def pay_invoice(state: State, invoice: StripeObject) -> StripeObject:
    """Pay an open invoice with a working card (the portal's "Update card"); a
    ``past_due`` subscription whose latest invoice this is becomes ``active``."""
    if invoice["status"] != "open":
        raise invalid_request(f"Invoice {invoice['id']} is {invoice['status']}, not open.")
    collect_invoice(state, invoice, "paid")
    parent = invoice.get("parent") or {}
    subscription_id = (parent.get("subscription_details") or {}).get("subscription")
    subscription = state.get(subscription_id, "subscription") if subscription_id else None
    if (
        subscription
        and subscription["status"] in ("past_due", "unpaid", "incomplete")
        and subscription["latest_invoice"] == invoice["id"]
    ):
        before = snapshot(subscription)
        subscription["status"] = "active"
        state.record_event("customer.subscription.updated", subscription, before)
    return invoice


# -- subscriptions -----------------------------------------------------------------------


def set_cancel_at_period_end(
    state: State, subscription: StripeObject, cancel: bool, details: dict[str, Any] | None = None
) -> StripeObject:
    """The portal's "Cancel at period end" (``cancel=False``: "Don't cancel")."""
    _require_live(subscription)
    before = snapshot(subscription)
    _schedule_cancellation(
        state, subscription, current_period(subscription)[1] if cancel else None, details
    )
    if subscription != before:
        state.record_event("customer.subscription.updated", subscription, before)
    return subscription


def _schedule_cancellation(
    state: State, subscription: StripeObject, cancel_at: int | None, details: dict[str, Any] | None
) -> None:
    """Set (or clear, with ``None``) a future cancellation, as Stripe records it."""
    subscription.update(
        cancel_at=cancel_at,
        cancel_at_period_end=cancel_at is not None and cancel_at == current_period(subscription)[1],
        canceled_at=(subscription["canceled_at"] or state.now()) if cancel_at else None,
    )
    _update_cancellation_details(
        subscription, "cancellation_requested" if cancel_at else None, details
    )


def _update_cancellation_details(
    subscription: StripeObject, reason: str | None, details: dict[str, Any] | None
) -> None:
    cancellation = subscription["cancellation_details"]
    cancellation["reason"] = reason
    if reason is None:
        cancellation.update(comment=None, feedback=None)
    for key in ("comment", "feedback"):
        if details and key in details:
            cancellation[key] = details[key] or None


def _require_live(subscription: StripeObject) -> None:
    if subscription["status"] in ("canceled", "incomplete_expired"):
        raise invalid_request(
            "A canceled subscription can only update its cancellation_details and metadata.",
        )


def cancel_subscription(
    state: State,
    subscription: StripeObject,
    details: dict[str, Any] | None = None,
    *,
    reason: str = "cancellation_requested",
) -> StripeObject:
    """End a subscription now (``customer.subscription.deleted``)."""
    if subscription["status"] == "canceled":
        raise invalid_request(
            f"No such subscription: '{subscription['id']}'; it has already been canceled.",
            param="subscription_exposed_id",
        )
    now = state.now()
    subscription.update(
        status="canceled",
        canceled_at=subscription["canceled_at"] or now,
        ended_at=now,
        cancel_at=None,
    )
    _update_cancellation_details(subscription, reason, details)
    state.record_event("customer.subscription.deleted", subscription)
    return subscription


def update_subscription(
    state: State, subscription: StripeObject, params: dict[str, Any]
) -> StripeObject:
    """``POST /v1/subscriptions/:id`` for the parameters the fake models (metadata,
    description, cancellation, items' price/quantity, default_payment_method,
    pause_collection).  Other valid parameters are accepted and ignored; price changes
    are not prorated."""
    if subscription["status"] == "canceled" and set(params) - {
        "metadata",
        "cancellation_details",
        "expand",
    }:
        _require_live(subscription)
    before = snapshot(subscription)
    try:
        _apply_subscription_update(state, subscription, params)
    except StripeError:
        # Stripe applies an update entirely or not at all.
        subscription.clear()
        subscription.update(before)
        raise
    if subscription != before:
        state.record_event("customer.subscription.updated", subscription, before)
    return subscription


def _apply_subscription_update(
    state: State, subscription: StripeObject, params: dict[str, Any]
) -> None:
    subscription["metadata"] = apply_metadata(subscription["metadata"], params.get("metadata"))
    for field in ("description", "default_payment_method"):
        if field in params:
            subscription[field] = params[field] or None
    if "pause_collection" in params:
        subscription["pause_collection"] = params["pause_collection"] or None
    if "trial_end" in params:
        _set_trial_end(state, subscription, params["trial_end"])
    if "items" in params:
        _update_items(state, subscription, params["items"])
    details = params.get("cancellation_details")
    period_end = current_period(subscription)[1]
    if "cancel_at_period_end" in params:
        cancel_at = period_end if params["cancel_at_period_end"] else None
        _schedule_cancellation(state, subscription, cancel_at, details)
    elif "cancel_at" in params:
        cancel_at = params["cancel_at"]
        if cancel_at in ("min_period_end", "max_period_end"):
            cancel_at = period_end
        _schedule_cancellation(state, subscription, cancel_at or None, details)
    elif details:
        for key in ("comment", "feedback"):
            if key in details:
                subscription["cancellation_details"][key] = details[key] or None


def _set_trial_end(state: State, subscription: StripeObject, trial_end: Any) -> None:
    """``trial_end`` on an existing subscription: a free period until that moment.

    As in Stripe, the current period ends now, the subscription is ``trialing`` and
    its next period (and invoice) starts at ``trial_end``; a subscription set to
    cancel at period end now cancels then.  ``"now"`` ends a running trial at once.
    Proration of the period cut short is not modelled (as if ``proration_behavior``
    were ``none``).
    """
    _require_live(subscription)
    now = state.now()
    if trial_end == "now":
        if subscription["status"] != "trialing":
            raise invalid_request(
                "Cannot end the trial of a subscription that is not trialing.", param="trial_end"
            )
        subscription.update(trial_end=now, status="active")
        return
    if not isinstance(trial_end, int) or trial_end <= now:
        raise invalid_request(
            "Invalid timestamp: must be an integer Unix timestamp in the future.",
            param="trial_end",
        )
    if trial_end > now + 730 * DAY:
        raise invalid_request(
            "Invalid timestamp: can be no more than two years in the future.", param="trial_end"
        )
    for item in subscription["items"]["data"]:
        item.update(current_period_start=now, current_period_end=trial_end)
    subscription.update(
        status="trialing",
        trial_start=subscription.get("trial_start")
        if subscription["status"] == "trialing"
        else now,
        trial_end=trial_end,
        billing_cycle_anchor=trial_end,
    )
    if subscription.get("cancel_at_period_end"):
        subscription["cancel_at"] = trial_end


def _update_items(state: State, subscription: StripeObject, updates: list[dict[str, Any]]) -> None:
    items: list[StripeObject] = subscription["items"]["data"]
    period_start, period_end = current_period(subscription)
    for index, update in enumerate(updates):
        param = f"items[{index}]"
        if "id" in update:
            item = next((it for it in items if it["id"] == update["id"]), None)
            if item is None:
                raise invalid_request(
                    f"No such subscription item: '{update['id']}'", param=f"{param}[id]"
                )
            if update.get("deleted"):
                items.remove(item)
                continue
        else:
            if "price" not in update:
                raise invalid_request(
                    f"Missing required param: {param}[price].", param=f"{param}[price]"
                )
            item = objects.subscription_item(
                id=state.new_id("si", 14),
                created=state.now(),
                subscription_id=subscription["id"],
                price_obj=state.require(update["price"], "price", f"{param}[price]"),
                quantity=update.get("quantity", 1),
                period_start=period_start,
                period_end=period_end,
            )
            items.append(item)
        if "price" in update:
            price = state.require(update["price"], "price", f"{param}[price]")
            if price["type"] != "recurring":
                raise invalid_request(
                    "The price specified is set to `type=one_time` but this field only accepts "
                    "prices with `type=recurring`.",
                    param=f"{param}[price]",
                )
            item.update(price=snapshot(price), plan=objects.plan_from_price(price))
        if "quantity" in update:
            item["quantity"] = update["quantity"]
        if "metadata" in update:
            item["metadata"] = apply_metadata(item["metadata"], update["metadata"])
    if not items:
        raise invalid_request("A subscription must have at least one active plan.", param="items")


def renew_subscription(
    state: State, subscription: StripeObject, outcome: str | None = None
) -> StripeObject:
    """Bill the next period now: what Stripe does when ``current_period_end`` arrives.

    ``outcome`` (default: the one set with ``next_renewal_outcome``, else ``paid``):
    ``paid`` -> invoice.paid, status ``active``; ``failed`` -> invoice.payment_failed,
    status ``past_due``; ``requires_action`` -> invoice.payment_action_required, status
    ``past_due``.  A subscription set to cancel at period end is ended instead.
    """
    if subscription["status"] not in LIVE_SUBSCRIPTION_STATUSES:
        raise invalid_request(
            f"Subscription {subscription['id']} is {subscription['status']}; only active, "
            "trialing or past_due subscriptions renew."
        )
    outcome = outcome or state.next_renewal_outcome.pop(subscription["id"], "paid")
    if outcome not in RENEWAL_OUTCOMES:
        raise invalid_request(
            f"Invalid outcome: must be one of {', '.join(RENEWAL_OUTCOMES)}", param="outcome"
        )
    period_start, period_end = current_period(subscription)
    if subscription["cancel_at"] is not None and subscription["cancel_at"] <= period_end:
        return cancel_subscription(
            state,
            subscription,
            reason=subscription["cancellation_details"]["reason"] or "cancellation_requested",
        )
    before = snapshot(subscription)
    recurring = subscription["items"]["data"][0]["price"]["recurring"]
    new_end = add_interval(period_end, recurring["interval"], recurring["interval_count"])
    for item in subscription["items"]["data"]:
        item.update(current_period_start=period_end, current_period_end=new_end)
    customer = state.require(subscription["customer"], "customer", "customer")
    invoice = create_invoice(
        state,
        customer=customer,
        currency=subscription["currency"],
        entries=[(item, period_end, new_end, None) for item in subscription["items"]["data"]],
        billing_reason="subscription_cycle",
        subscription=subscription,
        # Stripe quirk: a renewal invoice's own period is the period just ended.
        period=(period_start, period_end),
    )
    subscription["latest_invoice"] = invoice["id"]
    if subscription["status"] == "trialing":
        subscription["trial_end"] = period_end
    collect_invoice(state, invoice, outcome)
    subscription["status"] = "active" if outcome == "paid" else "past_due"
    state.record_event("customer.subscription.updated", subscription, before)
    return subscription
