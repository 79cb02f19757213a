"""Money: amounts are integers in minor units with the currency next to them.

Converting to and from what people read and type happens only here.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 currencies without a minor unit that Stripe supports.
ZERO_DECIMAL = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx",
                "vnd", "vuv", "xaf", "xof", "xpf"}  # fmt: skip
SYMBOLS = {"eur": "€", "usd": "$", "gbp": "£", "uah": "₴"}


def minor_units_per_major(currency: str) -> int:
    return 1 if currency.lower() in ZERO_DECIMAL else 100


def to_minor_units(amount: Decimal | str, currency: str) -> int:
    """12.5 EUR -> 1250. Raises ValueError for amounts that aren't numbers."""
    try:
        value = Decimal(str(amount).strip().replace(",", "."))
    except InvalidOperation as error:
        raise ValueError(f"{amount!r} is not an amount") from error
    if not value.is_finite():
        raise ValueError(f"{amount!r} is not an amount")
    minor = value * minor_units_per_major(currency)
    return int(minor.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def to_major_units(amount: int, currency: str) -> Decimal:
    return Decimal(amount) / minor_units_per_major(currency)


def format_money(amount: int | None, currency: str) -> str:
    """1250, "eur" -> "€12.50"; 500, "eur" -> "€5"; 1000, "chf" -> "10 CHF"."""
    if amount is None:
        return ""
    major = to_major_units(amount, currency)
    number = f"{major:,.0f}" if major == major.to_integral_value() else f"{major:,.2f}"
    symbol = SYMBOLS.get(currency.lower())
    return f"{symbol}{number}" if symbol else f"{number} {currency.upper()}"
