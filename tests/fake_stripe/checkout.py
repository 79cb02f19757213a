"""Checkout Sessions: creation rules, paying, settling, expiring.

:func:`create_checkout_session` makes the checks Stripe makes beyond the schema.
:func:`complete_checkout` is what the hosted page's buttons (and
``FakeStripe.pay_checkout_session``) do.  Events: ``checkout.session.completed``,
``checkout.session.async_payment_succeeded`` / ``_failed``, ``checkout.session.expired``,
plus those of the customer, subscription, invoice and payment it creates.  With real
Checkout a new subscription is created ``incomplete`` and becomes ``active`` once its
first invoice is paid, so the fake sends ``customer.subscription.created`` (incomplete)
then ``customer.subscription.updated`` (active).
"""

from __future__ import annotations

from typing import Any

from . import objects
from .billing import DAY, add_interval, collect_invoice, create_invoice, mark_invoice_paid
from .catalog import create_customer
from .describe import product_name
from .errors import StripeError, invalid_request, missing_parameter
from .payments import fail_payment, new_payment_intent, succeed_payment
from .state import State, StripeObject, snapshot

CARD_OUTCOMES = ("paid", "declined", "delayed")
HOSTED_UI_MODES = ("hosted_page", "hosted")


def _checkout_price(state: State, item: dict[str, Any], index: int) -> StripeObject:
    param = f"line_items[{index}]"
    if "price" in item and "price_data" in item:
        raise invalid_request(
            f"You may only specify one of these parameters: {param}[price], {param}[price_data].",
            param=f"{param}[price]",
        )
    if "price" in item:
        price = state.require(item["price"], "price", f"{param}[price]")
        if not price["active"]:
            raise invalid_request(
                "The price specified is inactive. This field only accepts active prices.",
                param=f"{param}[price]",
            )
        return price
    if "price_data" not in item:
        raise missing_parameter(f"{param}[price]")
    data = item["price_data"]
    if "product" in data:
        product_id = state.require(data["product"], "product", f"{param}[price_data][product]")[
            "id"
        ]
    elif "product_data" in data:
        # Ad-hoc products and prices exist but are not listed or announced by events.
        product = objects.product(
            id=state.new_id("prod", 14), created=state.now(), params=data["product_data"]
        )
        product["active"] = False
        product_id = state.add(product)["id"]
    else:
        raise invalid_request(
            "You must specify either `product` or `product_data` when creating a price.",
            param=f"{param}[price_data][product]",
        )
    price = objects.price(
        id=state.new_id("price"), created=state.now(), product_id=product_id, params=data
    )
    price["active"] = False
    return state.add(price)


def create_checkout_session(state: State, params: dict[str, Any], public_url: str) -> StripeObject:
    """``POST /v1/checkout/sessions``: the checks Stripe makes beyond the schema (mode
    rules, prices, currencies, URLs for the ui_mode), then an ``open`` session."""
    mode = params.get("mode")
    if mode is None:
        raise missing_parameter("mode")
    if mode == "setup":
        raise invalid_request(
            "fake_stripe does not simulate `setup` mode Checkout Sessions.", param="mode"
        )
    ui_mode = params.get("ui_mode", "hosted_page")
    hosted = ui_mode in HOSTED_UI_MODES
    if hosted:
        if "success_url" not in params:
            raise missing_parameter("success_url")
        if "return_url" in params:
            raise invalid_request(
                f"`return_url` is not allowed when `ui_mode` is `{ui_mode}`.", param="return_url"
            )
    else:
        for forbidden in ("success_url", "cancel_url"):
            if forbidden in params:
                raise invalid_request(
                    f"`{forbidden}` is not allowed when `ui_mode` is `{ui_mode}`.", param=forbidden
                )
        if "return_url" not in params and params.get("redirect_on_completion") != "never":
            raise missing_parameter("return_url")
    if "customer" in params and "customer_email" in params:
        raise invalid_request(
            "You may only specify one of these parameters: customer, customer_email.",
            param="customer_email",
        )
    if "customer" in params:
        state.require(params["customer"], "customer", "customer")
    if mode == "subscription":
        for payment_only in ("payment_intent_data", "customer_creation", "invoice_creation"):
            if payment_only in params:
                raise invalid_request(
                    f"You can not pass `{payment_only}` in `subscription` mode.", param=payment_only
                )
    elif "subscription_data" in params:
        raise invalid_request(
            "You can only pass `subscription_data` in `subscription` mode.",
            param="subscription_data",
        )

    if not params.get("line_items"):
        raise missing_parameter("line_items")
    line_items: list[StripeObject] = []
    for index, item in enumerate(params["line_items"]):
        price = _checkout_price(state, item, index)
        if "quantity" not in item:
            raise missing_parameter(f"line_items[{index}][quantity]")
        if item["quantity"] < 1:
            raise invalid_request(
                "This value must be greater than or equal to 1.",
                param=f"line_items[{index}][quantity]",
            )
        line_items.append(
            objects.checkout_line_item(
                id=state.new_id("li"),
                price_obj=price,
                quantity=item["quantity"],
                description=product_name(state, price),
            )
        )
    currencies = {item["price"]["currency"] for item in line_items}
    if len(currencies) > 1:
        raise invalid_request("All line items must have the same currency.", param="line_items")
    recurring = [item["price"]["recurring"] for item in line_items if item["price"]["recurring"]]
    if mode == "payment" and recurring:
        raise invalid_request(
            "You specified `payment` mode but passed a recurring price. Either switch to "
            "`subscription` mode or use only one-time prices.",
            param="line_items",
        )
    if mode == "subscription":
        if not recurring:
            raise invalid_request(
                "You must provide at least one recurring price in `subscription` mode when "
                "using prices.",
                param="line_items",
            )
        if len({(r["interval"], r["interval_count"]) for r in recurring}) > 1:
            raise invalid_request(
                "Checkout does not support multiple prices with different billing intervals.",
                param="line_items",
            )

    now = state.now()
    expires_at = params.get("expires_at", now + 24 * 3600)
    if not now + 30 * 60 <= expires_at <= now + 24 * 3600:
        raise invalid_request(
            "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout "
            "Session creation.",
            param="expires_at",
        )
    session_id = state.new_id("cs_test", 58)
    session = objects.checkout_session(
        id=session_id,
        created=now,
        params=params,
        amount=sum(item["amount_total"] for item in line_items),
        currency=currencies.pop(),
        url=f"{public_url}/c/pay/{session_id}" if hosted else None,
        client_secret=None if hosted else f"{session_id}_secret_{state.new_id('cs', 20)[3:]}",
        expires_at=expires_at,
    )
    state.add(session)
    state.session_line_items[session_id] = line_items
    state.session_params[session_id] = params
    return session


def expire_due_session(state: State, session: StripeObject) -> None:
    if session["status"] == "open" and session["expires_at"] <= state.now():
        expire_checkout_session(state, session)


def expire_checkout_session(state: State, session: StripeObject) -> StripeObject:
    if session["status"] != "open":
        raise invalid_request(
            'Only Checkout Sessions with a status in ["open"] can be expired.', param="session"
        )
    session.update(status="expired", url=None)
    state.record_event("checkout.session.expired", session)
    return session


def checkout_email(state: State, session: StripeObject) -> str | None:
    """The email Checkout prefills: the customer's, else ``customer_email``."""
    if session["customer"]:
        customer = state.get(session["customer"], "customer")
        if customer and customer.get("email"):
            return customer["email"]
    return session["customer_email"]


def complete_checkout(
    state: State,
    session: StripeObject,
    *,
    outcome: str = "paid",
    email: str | None = None,
    name: str | None = None,
) -> StripeObject:
    """What pressing a button on the hosted Checkout page does.

    ``outcome``: ``paid`` (card succeeds), ``declined`` (nothing changes; raises a
    402 ``card_declined`` error), or ``delayed`` (payment mode only: the session
    completes with ``payment_status="unpaid"`` until :func:`settle_delayed_payment`).
    """
    if outcome not in CARD_OUTCOMES:
        raise invalid_request(
            f"Invalid outcome: must be one of {', '.join(CARD_OUTCOMES)}", param="outcome"
        )
    expire_due_session(state, session)
    if session["status"] != "open":
        raise invalid_request(
            f"This Checkout Session is {session['status']} and can no longer be paid.",
            param="session",
        )
    if outcome == "delayed" and session["mode"] != "payment":
        raise invalid_request(
            "Delayed (bank transfer) payments are simulated for `payment` mode sessions only.",
            param="outcome",
        )
    email = checkout_email(state, session) or email
    if not email or "@" not in email:
        raise invalid_request("Enter a valid email address.", param="email")
    if outcome == "declined":
        raise StripeError(
            "Your card was declined.",
            status=402,
            type="card_error",
            code="card_declined",
            extra={"decline_code": "generic_decline"},
        )

    customer = state.get(session["customer"], "customer") if session["customer"] else None
    if customer is None and (
        session["mode"] == "subscription" or session["customer_creation"] == "always"
    ):
        customer = create_customer(state, {"email": email, "name": name})
    session["customer"] = customer["id"] if customer else None
    session["customer_details"] = objects.customer_details(email=email, name=name)
    params = state.session_params.get(session["id"], {})
    if session["mode"] == "subscription":
        assert customer is not None
        _complete_subscription_checkout(state, session, customer, params)
    else:
        _complete_payment_checkout(state, session, customer, params, outcome, email)
    session.update(status="complete", url=None)
    state.record_event("checkout.session.completed", session)
    return session


def _complete_subscription_checkout(
    state: State, session: StripeObject, customer: StripeObject, params: dict[str, Any]
) -> None:
    now = state.now()
    line_items = state.session_line_items[session["id"]]
    recurring = [item for item in line_items if item["price"]["type"] == "recurring"]
    one_time = [item for item in line_items if item["price"]["type"] != "recurring"]
    subscription_data = params.get("subscription_data") or {}
    trial_end = subscription_data.get("trial_end")
    if subscription_data.get("trial_period_days"):
        trial_end = now + subscription_data["trial_period_days"] * DAY
    price_recurring = recurring[0]["price"]["recurring"]
    period_end = trial_end or add_interval(
        now, price_recurring["interval"], price_recurring["interval_count"]
    )
    subscription_id = state.new_id("sub")
    items = [
        objects.subscription_item(
            id=state.new_id("si", 14),
            created=now,
            subscription_id=subscription_id,
            price_obj=item["price"],
            quantity=item["quantity"],
            period_start=now,
            period_end=period_end,
        )
        for item in recurring
    ]
    subscription = objects.subscription(
        id=subscription_id,
        created=now,
        customer_id=customer["id"],
        currency=session["currency"],
        items=items,
        metadata=subscription_data.get("metadata") or {},
        description=subscription_data.get("description"),
        status="trialing" if trial_end else "incomplete",
        trial_start=now if trial_end else None,
        trial_end=trial_end,
        default_payment_method=state.new_id("pm"),
    )
    state.add(subscription)
    state.record_event("customer.subscription.created", subscription)
    entries: list[tuple[StripeObject, int, int, int | None]] = [
        (item, now, period_end, 0 if trial_end else None) for item in items
    ]
    entries += [(item, now, now, None) for item in one_time]
    invoice = create_invoice(
        state,
        customer=customer,
        currency=session["currency"],
        entries=entries,
        billing_reason="subscription_create",
        subscription=subscription,
        period=(now, now),
    )
    before = snapshot(subscription)
    subscription["latest_invoice"] = invoice["id"]
    collect_invoice(state, invoice, "paid")
    if not trial_end:
        subscription["status"] = "active"
    state.record_event("customer.subscription.updated", subscription, before)
    if customer.get("currency") is None:
        customer["currency"] = session["currency"]
    session.update(
        subscription=subscription_id,
        invoice=invoice["id"],
        payment_status="paid" if invoice["amount_due"] else "no_payment_required",
    )


def _complete_payment_checkout(
    state: State,
    session: StripeObject,
    customer: StripeObject | None,
    params: dict[str, Any],
    outcome: str,
    email: str,
) -> None:
    intent_data = params.get("payment_intent_data") or {}
    intent = new_payment_intent(
        state,
        amount=session["amount_total"],
        currency=session["currency"],
        customer_id=customer["id"] if customer else None,
        metadata=intent_data.get("metadata"),
        description=intent_data.get("description"),
        receipt_email=intent_data.get("receipt_email"),
        payment_method_type="us_bank_account" if outcome == "delayed" else "card",
    )
    session["payment_intent"] = intent["id"]
    if outcome == "delayed":
        intent.update(status="processing", processing=None)
        state.record_event("payment_intent.processing", intent)
        return
    succeed_payment(state, intent, email)
    session["payment_status"] = "paid"
    _maybe_invoice_payment(state, session, customer)


def _maybe_invoice_payment(
    state: State, session: StripeObject, customer: StripeObject | None
) -> None:
    """``invoice_creation.enabled`` payment sessions get a paid invoice, paid by the
    Checkout payment itself."""
    if not customer or not (session.get("invoice_creation") or {}).get("enabled"):
        return
    now = state.now()
    invoice = create_invoice(
        state,
        customer=customer,
        currency=session["currency"],
        entries=[(item, now, now, None) for item in state.session_line_items[session["id"]]],
        billing_reason="manual",
        subscription=None,
        period=(now, now),
        payment_intent_id=session["payment_intent"],
        metadata=session["invoice_creation"]["invoice_data"].get("metadata") or {},
    )
    mark_invoice_paid(state, invoice)
    session["invoice"] = invoice["id"]


def settle_delayed_payment(
    state: State, session: StripeObject, *, succeeded: bool = True
) -> StripeObject:
    """The bank transfer of a ``delayed`` Checkout payment clears (or bounces)."""
    intent = state.get(session.get("payment_intent") or "", "payment_intent")
    if (
        session["status"] != "complete"
        or session["payment_status"] != "unpaid"
        or intent is None
        or intent["status"] != "processing"
    ):
        raise invalid_request(
            f"Checkout Session {session['id']} has no delayed payment waiting to settle.",
            param="session",
        )
    email = (session.get("customer_details") or {}).get("email")
    if succeeded:
        succeed_payment(state, intent, email)
        session["payment_status"] = "paid"
        customer = state.get(session["customer"], "customer") if session["customer"] else None
        _maybe_invoice_payment(state, session, customer)
        state.record_event("checkout.session.async_payment_succeeded", session)
    else:
        fail_payment(state, intent, email)
        state.record_event("checkout.session.async_payment_failed", session)
    return session
