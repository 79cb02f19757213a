"""How Stripe words amounts, intervals and line descriptions (pages and invoices)."""

from __future__ import annotations

from .state import State, StripeObject


def format_amount(amount: int, currency: str) -> str:
    zero_decimal = currency.lower() in {"jpy", "krw", "vnd", "clp", "isk", "huf", "twd", "ugx"}
    symbol = {"usd": "$", "eur": "€", "gbp": "£", "jpy": "¥", "cad": "CA$", "aud": "A$"}
    value = f"{amount:,}" if zero_decimal else f"{amount / 100:,.2f}"
    prefix = symbol.get(currency.lower())
    return f"{prefix}{value}" if prefix else f"{value} {currency.upper()}"


def interval_label(price_obj: StripeObject) -> str:
    recurring = price_obj.get("recurring")
    if not recurring:
        return ""
    count = recurring["interval_count"]
    return recurring["interval"] if count == 1 else f"{count} {recurring['interval']}s"


def product_name(state: State, price_obj: StripeObject) -> str:
    product = state.get(price_obj["product"], "product")
    return product["name"] if product else price_obj["product"]


def price_description(state: State, price_obj: StripeObject, quantity: int) -> str:
    """``1 \u00d7 Membership (at $5.00 / month)``, as Stripe words invoice lines."""
    text = f"{quantity} \u00d7 {product_name(state, price_obj)} (at "
    text += format_amount(price_obj["unit_amount"] or 0, price_obj["currency"])
    label = interval_label(price_obj)
    return text + (f" / {label})" if label else ")")
