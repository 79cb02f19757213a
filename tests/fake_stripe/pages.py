"""The hosted pages: Checkout (``/c/pay/{id}``), the billing portal (``/p/session/{id}``)
and a small control dashboard (``/_fake/``).

Plain server-rendered HTML forms, no JavaScript, so Playwright (and axe) can drive and
audit them: one ``h1``, landmarks, labelled inputs, real buttons.  Each button posts
back to the page; the POST handlers call the same :class:`~.control.Driver` methods the
tests use and answer with a 303 redirect, like Stripe's pages do.

Stable selectors for tests: ``#pay``, ``#pay-declined``, ``#pay-delayed``, ``#cancel``,
``#email`` on Checkout; ``button[name=action][value=cancel_at_period_end|cancel_now|
undo_cancellation|update_card]`` on the portal.  Accessible names: "Pay", "Pay with a
declined card", "Pay by bank transfer (delayed)", "Cancel" (use ``exact=True`` with
``get_by_role``: "Pay" is a prefix of the other two).
"""

from __future__ import annotations

import dataclasses
import datetime
import html
from typing import Any
from urllib.parse import quote, urlsplit

from . import billing, checkout, describe
from .driver import Driver
from .errors import StripeError
from .state import StripeObject


@dataclasses.dataclass
class Page:
    status: int = 200
    body: str = ""
    location: str | None = None  # set for 303 redirects


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


STYLE = """
body{font-family:system-ui,sans-serif;margin:0;background:#f6f9fc;color:#1a1f36;line-height:1.5}
header{background:#0a2540;color:#fff;padding:.5rem 1rem}
header p{margin:0}
main{max-width:40rem;margin:1.5rem auto;padding:1.5rem;background:#fff;border-radius:8px}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{text-align:left;padding:.4rem;border-bottom:1px solid #d7dde5}
td.num,th.num{text-align:right}
label{display:block;font-weight:600;margin-top:1rem}
input{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;border:1px solid #687385;
border-radius:4px}
input[readonly]{background:#eef1f5}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1.25rem}
button{font:inherit;padding:.6rem 1rem;border-radius:4px;border:1px solid #0a2540;cursor:pointer;
background:#fff;color:#0a2540}
button.primary{background:#0a2540;color:#fff}
.alert{background:#fdecea;color:#7a1010;border:1px solid #7a1010;padding:.75rem;border-radius:4px}
.note{background:#e8f1fb;color:#0a2540;padding:.75rem;border-radius:4px}
.muted{color:#4f566b}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0}
section{border-top:1px solid #d7dde5;margin-top:1rem;padding-top:.5rem}
form.inline{display:inline}
"""


def layout(title: str, content: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        "<header><p>Test mode · fake Stripe: no real money moves</p></header>"
        f"<main>{content}</main></body></html>"
    )


def date(timestamp: int | None) -> str:
    if timestamp is None:
        return "-"
    moment = datetime.datetime.fromtimestamp(timestamp, datetime.UTC)
    return f"{moment.day} {moment:%B %Y}"


def with_session_id(url: str, session_id: str) -> str:
    return url.replace("{CHECKOUT_SESSION_ID}", session_id)


def _host(url: str | None) -> str:
    return urlsplit(url).netloc if url else ""


def _return_link(url: str) -> str:
    return f'<p><a href="{esc(url)}">Return to {esc(_host(url))}</a></p>'


# -- Checkout ---------------------------------------------------------------------------


def _summary(driver: Driver, session: StripeObject) -> str:
    currency = session["currency"]
    rows = []
    for item in driver.state.session_line_items.get(session["id"], []):
        label = describe.interval_label(item["price"])
        price = describe.format_amount(item["amount_total"], currency)
        if label:
            price += f" per {label}"
        rows.append(
            f"<tr><td>{esc(item['description'])}</td><td class=num>{item['quantity']}</td>"
            f"<td class=num>{esc(price)}</td></tr>"
        )
    params = driver.state.session_params.get(session["id"], {})
    trial_days = (params.get("subscription_data") or {}).get("trial_period_days")
    due_today = 0 if trial_days else session["amount_total"]
    trial = f"<p class=note>Includes a {trial_days}-day free trial.</p>" if trial_days else ""
    return (
        '<section aria-labelledby="summary"><h2 id="summary">Order summary</h2>'
        "<table><thead><tr><th scope=col>Item</th><th scope=col class=num>Quantity</th>"
        "<th scope=col class=num>Amount</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody><tfoot><tr><th scope=row colspan=2>Total due today</th>"
        f"<td class=num>{esc(describe.format_amount(due_today, currency))}</td></tr></tfoot>"
        "</table>"
        f"{trial}</section>"
    )


def checkout_page(
    driver: Driver,
    session_id: str,
    *,
    error: str | None = None,
    email: str | None = None,
    status: int = 200,
) -> Page:
    with driver.state.lock:
        session = driver.state.get(session_id, "checkout.session")
        if session is None:
            return Page(404, layout("Not found", "<h1>This checkout link is not valid</h1>"))
        checkout.expire_due_session(driver.state, session)
        prefilled = checkout.checkout_email(driver.state, session)
        summary = _summary(driver, session)
    if session["status"] == "complete":
        target = session.get("success_url") or session.get("return_url")
        link = (
            f'<p><a href="{esc(with_session_id(target, session_id))}">Continue</a></p>'
            if target
            else ""
        )
        return Page(200, layout("Payment complete", f"<h1>Payment complete</h1>{link}"))
    if session["status"] == "expired":
        link = _return_link(session["cancel_url"]) if session.get("cancel_url") else ""
        return Page(
            200, layout("Session expired", f"<h1>This checkout session has expired</h1>{link}")
        )

    title = "Subscribe" if session["mode"] == "subscription" else "Pay"
    names = ", ".join(item["description"] for item in driver.state.session_line_items[session_id])
    heading = f"{title}: {esc(names)}"
    alert = f'<p class=alert role=alert id="error">{esc(error)}</p>' if error else ""
    if prefilled:
        email_input = (
            f'<input id="email" name="email" type="email" value="{esc(prefilled)}" readonly '
            'aria-describedby="email-hint"><p id="email-hint" class=muted>Set by the merchant.</p>'
        )
    else:
        email_input = (
            f'<input id="email" name="email" type="email" autocomplete="email" '
            f'value="{esc(email or "")}" required>'
        )
    delayed = (
        '<button type=submit name=action value=delayed id="pay-delayed">'
        "Pay by bank transfer (delayed)</button>"
        if session["mode"] == "payment"
        else ""
    )
    form = (
        f'<form method="post" action="/c/pay/{esc(session_id)}">'
        f'<label for="email">Email</label>{email_input}'
        '<label for="name">Name on card</label>'
        '<input id="name" name="name" autocomplete="cc-name">'
        "<p class=muted>Card: 4242 4242 4242 4242 (test card, nothing to type).</p>"
        '<div class="actions">'
        '<button type=submit name=action value=paid id="pay" class=primary>Pay</button>'
        '<button type=submit name=action value=declined id="pay-declined">'
        "Pay with a declined card</button>"
        f"{delayed}"
        '<button type=submit name=action value=cancel id="cancel" formnovalidate>Cancel</button>'
        "</div></form>"
    )
    content = f"<h1>{heading}</h1>{alert}{summary}<h2>Payment details</h2>{form}"
    return Page(status, layout(f"{title} - fake Stripe Checkout", content))


def checkout_post(driver: Driver, session_id: str, form: dict[str, Any]) -> Page:
    action = form.get("action", "paid")
    with driver.state.lock:
        session = driver.state.get(session_id, "checkout.session")
        if session is None:
            return checkout_page(driver, session_id)
        cancel_url = session.get("cancel_url")
    if action == "cancel":
        if cancel_url:
            return Page(303, location=cancel_url)
        return Page(
            200, layout("Canceled", "<h1>Payment canceled</h1><p>You can close this page.</p>")
        )
    try:
        paid = driver.pay_checkout_session(
            session_id,
            outcome=action,
            email=form.get("email") or None,
            name=form.get("name") or None,
        )
    except StripeError as error:
        return checkout_page(
            driver, session_id, error=error.message, email=form.get("email"), status=error.status
        )
    target = paid.get("success_url") or paid.get("return_url")
    if target:
        return Page(303, location=with_session_id(target, session_id))
    return checkout_page(driver, session_id)


# -- hosted invoice page -------------------------------------------------------------------


def invoice_page(driver: Driver, invoice_id: str, message: str | None = None) -> Page:
    """Stripe's hosted invoice page: the invoice, and a Pay button while it is open
    (where emails about failed or unconfirmed payments send the customer)."""
    with driver.state.lock:
        invoice = driver.state.get(invoice_id, "invoice")
        if invoice is None:
            return Page(404, layout("Not found", "<h1>This invoice link is not valid</h1>"))
        invoice = dict(invoice)
    currency = invoice["currency"]
    rows = "".join(
        f"<tr><td>{esc(line['description'])}</td>"
        f"<td class=num>{esc(describe.format_amount(line['amount'], currency))}</td></tr>"
        for line in invoice["lines"]["data"]
    )
    status = esc(invoice["status"])
    note = "<p class=note role=status>Thank you, the invoice is paid.</p>" if message else ""
    pay = (
        f'<form method="post" action="/i/{esc(invoice_id)}"><div class="actions">'
        '<button type=submit name=action value=pay id="pay-invoice" class=primary>'
        f"Pay {esc(describe.format_amount(invoice['amount_remaining'], currency))}</button>"
        "</div></form>"
        if invoice["status"] == "open"
        else ""
    )
    content = (
        f"<h1>Invoice {esc(invoice['number'] or invoice_id)}</h1>{note}"
        f"<dl><dt>Status</dt><dd>{status}</dd><dt>Date</dt><dd>{date(invoice['created'])}</dd>"
        f"<dt>Billed to</dt><dd>{esc(invoice.get('customer_email') or '')}</dd></dl>"
        "<table><caption>Invoice lines</caption><thead><tr><th scope=col>Description</th>"
        f"<th scope=col class=num>Amount</th></tr></thead><tbody>{rows}</tbody>"
        "<tfoot><tr><th scope=row>Total</th>"
        f"<td class=num>{esc(describe.format_amount(invoice['total'], currency))}</td></tr>"
        f"</tfoot></table>{pay}"
    )
    return Page(200, layout(f"Invoice {invoice['number'] or ''} - fake Stripe", content))


def invoice_post(driver: Driver, invoice_id: str, form: dict[str, Any]) -> Page:
    with driver.state.lock:
        invoice = driver.state.get(invoice_id, "invoice")
        if invoice is None:
            return Page(404, layout("Not found", "<h1>This invoice link is not valid</h1>"))
    if form.get("action") != "pay":
        return Page(400, layout("Bad request", "<h1>Unknown action</h1>"))
    try:
        driver.pay_invoice(invoice_id)
    except StripeError as error:
        return Page(error.status, layout("Payment failed", f"<h1>{esc(error.message)}</h1>"))
    return Page(303, location=f"/i/{quote(invoice_id)}?done=paid")


# -- billing portal -----------------------------------------------------------------------


def _subscription_section(driver: Driver, subscription: StripeObject) -> str:
    items = subscription["items"]["data"]
    names = ", ".join(describe.product_name(driver.state, item["price"]) for item in items)
    prices = "; ".join(
        describe.format_amount(
            (item["price"]["unit_amount"] or 0) * item["quantity"], item["price"]["currency"]
        )
        + f" per {describe.interval_label(item['price'])}"
        for item in items
    )
    _, period_end = billing.current_period(subscription)
    sub_id = esc(subscription["id"])
    if subscription["cancel_at_period_end"] or subscription["cancel_at"]:
        when = f"<dt>Cancels on</dt><dd>{date(subscription['cancel_at'] or period_end)}</dd>"
        toggle = (
            "<button type=submit name=action value=undo_cancellation class=primary>"
            "Don't cancel</button>"
        )
    else:
        when = f"<dt>Renews on</dt><dd>{date(period_end)}</dd>"
        toggle = (
            "<button type=submit name=action value=cancel_at_period_end>"
            "Cancel at period end</button>"
        )
    alert = ""
    if subscription["status"] == "past_due":
        alert = (
            "<p class=alert>Your last payment failed. Update your card to keep your "
            "subscription.</p>"
        )
    return (
        f'<section aria-labelledby="h-{sub_id}"><h2 id="h-{sub_id}">{esc(names)}</h2>{alert}'
        f"<dl><dt>Status</dt><dd>{esc(subscription['status'].replace('_', ' '))}</dd>"
        f"<dt>Price</dt><dd>{esc(prices)}</dd>{when}</dl>"
        '<form method="post"><input type=hidden name=subscription '
        f'value="{sub_id}"><div class="actions">{toggle}'
        "<button type=submit name=action value=cancel_now>Cancel immediately</button>"
        "<button type=submit name=action value=update_card>Update card</button>"
        "</div></form></section>"
    )


MESSAGES = {
    "cancel_at_period_end": "Your subscription will be canceled at the end of the period.",
    "undo_cancellation": "Your subscription will renew.",
    "cancel_now": "Your subscription has been canceled.",
    "update_card": "Your card has been updated.",
}


def portal_page(driver: Driver, portal_id: str, message: str | None = None) -> Page:
    with driver.state.lock:
        portal = driver.state.get(portal_id, "billing_portal.session")
        if portal is None:
            return Page(404, layout("Not found", "<h1>This portal link is not valid</h1>"))
        customer = driver.state.get(portal["customer"], "customer") or {}
        subscriptions = [
            s
            for s in driver.state.all("subscription")
            if s["customer"] == portal["customer"] and s["status"] != "canceled"
        ]
        sections = "".join(_subscription_section(driver, s) for s in subscriptions)
    status = (
        f"<p class=note role=status>{esc(MESSAGES.get(message, ''))}</p>"
        if message in MESSAGES
        else ""
    )
    if not subscriptions:
        sections = "<p>You have no active subscriptions.</p>"
    back = _return_link(portal["return_url"]) if portal.get("return_url") else ""
    email = (
        f"<p class=muted>Signed in as {esc(customer.get('email'))}</p>"
        if customer.get("email")
        else ""
    )
    content = f"<h1>Manage your subscription</h1>{email}{status}{sections}{back}"
    return Page(200, layout("Billing portal - fake Stripe", content))


def portal_post(driver: Driver, portal_id: str, form: dict[str, Any]) -> Page:
    action = form.get("action", "")
    subscription_id = form.get("subscription", "")
    with driver.state.lock:
        portal = driver.state.get(portal_id, "billing_portal.session")
        subscription = driver.state.get(subscription_id, "subscription")
        if portal is None or subscription is None or subscription["customer"] != portal["customer"]:
            return Page(404, layout("Not found", "<h1>Subscription not found</h1>"))
    actions = {
        "cancel_at_period_end": lambda: driver.cancel_subscription(
            subscription_id, at_period_end=True
        ),
        "undo_cancellation": lambda: driver.undo_cancellation(subscription_id),
        "cancel_now": lambda: driver.cancel_subscription(subscription_id),
        "update_card": lambda: driver.update_card(subscription_id),
    }
    if action not in actions:
        return Page(400, layout("Bad request", "<h1>Unknown action</h1>"))
    actions[action]()
    return Page(303, location=f"/p/session/{quote(portal_id)}?done={action}")


# -- the control dashboard -----------------------------------------------------------------


def _button(path: str, label: str, **fields: str) -> str:
    hidden = "".join(
        f'<input type=hidden name="{esc(k)}" value="{esc(v)}">' for k, v in fields.items()
    )
    return (
        f'<form method="post" action="/_fake{esc(path)}" class=inline>'
        f'<input type=hidden name=redirect value="/_fake/">{hidden}'
        f"<button type=submit>{esc(label)}</button></form> "
    )


def dashboard_page(driver: Driver, message: str | None = None) -> Page:
    subscriptions = [s for s in driver.objects("subscription") if s["status"] != "canceled"]
    waiting = [
        s
        for s in driver.objects("checkout.session")
        if s["status"] == "complete" and s["mode"] == "payment" and s["payment_status"] == "unpaid"
    ]
    rows = []
    for sub in subscriptions:
        _, period_end = billing.current_period(sub)
        base = f"/subscriptions/{sub['id']}"
        rows.append(
            f"<tr><td>{esc(sub['id'])}</td><td>{esc(sub['status'])}</td><td>{date(period_end)}</td>"
            f"<td>{_button(base + '/renew', 'Renew')}"
            f"{_button(base + '/fail_renewal', 'Fail renewal')}"
            f"{_button(base + '/require_authentication', 'Require authentication')}</td></tr>"
        )
    sub_table = (
        "<table><thead><tr><th scope=col>Subscription</th><th scope=col>Status</th>"
        "<th scope=col>Period ends</th><th scope=col>Actions</th></tr></thead>"
        f"<tbody>{''.join(rows)}"
        "</tbody></table>"
        if rows
        else "<p>No live subscriptions.</p>"
    )
    settle = (
        "".join(
            f"<li>{esc(s['id'])} "
            + _button(
                f"/checkout/sessions/{s['id']}/settle", "Settle: succeeded", outcome="succeeded"
            )
            + _button(f"/checkout/sessions/{s['id']}/settle", "Settle: failed", outcome="failed")
            + "</li>"
            for s in waiting
        )
        or "<li>None</li>"
    )
    pending = len(driver.pending_events())
    notice = f"<p class=note role=status>{esc(message)}</p>" if message else ""
    content = (
        f"<h1>Fake Stripe controls</h1>{notice}"
        f"<h2>Clock</h2><p>Fake time: {date(driver.now())} ({driver.now()})</p>"
        f"{_button('/clock/advance', 'Advance 1 day', days='1')}"
        f"{_button('/clock/advance', 'Advance 31 days', days='31')}"
        f"<h2>Subscriptions</h2>{sub_table}"
        f"<h2>Delayed payments awaiting settlement</h2><ul>{settle}</ul>"
        f"<h2>Webhooks</h2><p>Mode: {esc(driver.webhooks.mode)}; target: "
        f"{esc(driver.webhooks.target or 'none')}; {pending} pending event(s).</p>"
        f"{_button('/events/deliver', 'Deliver pending events')}"
    )
    return Page(200, layout("Fake Stripe controls", content))


def index_page() -> Page:
    content = (
        "<h1>Fake Stripe</h1><p>A local stand-in for the Stripe API at <code>/v1</code>.</p>"
        '<p><a href="/_fake/">Test controls</a></p>'
    )
    return Page(200, layout("Fake Stripe", content))
