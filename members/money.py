"""Money: amounts are integers in minor units with the currency next to them.

Converting to and from what people read and type happens only here, and so does
deciding what an acceptable amount is: `amount_parse` for what readers type (major
units, "12.50"), `MinorUnitsField` for the admin's prices (minor units, "1250").
Both accept only ASCII digits (Python's int() and Decimal() also read "١٢" and
"1e30"), at least one minor unit, and at most `MAX_AMOUNT`: Stripe's own ceiling
for one charge (999,999.99 in two-decimal currencies), so nothing we accept is
refused later by Stripe with an error the reader never sees.
"""

import re
from decimal import Decimal

from django import forms
from django.core import validators
from django.db import models

# ISO 4217 currencies without a minor unit that Stripe supports.
ZERO_DECIMAL = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx",
                "vnd", "vuv", "xaf", "xof", "xpf"}  # fmt: skip
SYMBOLS = {"eur": "€", "usd": "$", "gbp": "£", "uah": "₴"}


def minor_units_per_major(currency: str) -> int:
    return 1 if currency.lower() in ZERO_DECIMAL else 100


MAX_AMOUNT = 99_999_999
TOO_GREAT = f"That is more than Stripe accepts in one payment ({MAX_AMOUNT} minor units)."
CURRENCY_CODE = re.compile(r"^[a-z]{3}$")
_MAJOR_AMOUNT = re.compile(r"^(?P<whole>[0-9]+)(?:\.(?P<fraction>[0-9]{1,2}))?$")


def amount_parse(text: str, currency: str) -> int:
    """What a reader typed, in major units, as minor units: "12.5" EUR -> 1250.

    Raises ValueError with a message for the reader."""
    text = text.strip().removeprefix(SYMBOLS.get(currency.lower(), "\0")).strip()
    match = _MAJOR_AMOUNT.fullmatch(text) if text.isascii() else None
    per_major = minor_units_per_major(currency)
    if match is None or (match["fraction"] and per_major == 1):
        if text.startswith("-"):
            raise ValueError("Enter an amount greater than zero.")
        if "," in text and per_major != 1:
            raise ValueError("Use a dot for cents and no thousands separator, for example 12.50.")
        example = "12.50" if per_major != 1 else "1200"
        raise ValueError(f"Enter an amount with the digits 0-9, for example {example}.")
    if len(match["whole"].lstrip("0")) > len(str(MAX_AMOUNT)):
        raise ValueError("That is more than we can accept online.")
    minor = int(match["whole"]) * per_major + int((match["fraction"] or "0").ljust(2, "0"))
    if minor < 1:
        raise ValueError("Enter an amount greater than zero.")
    if minor > MAX_AMOUNT:
        raise ValueError("That is more than we can accept online.")
    return minor


AMOUNT_VALIDATORS = [
    validators.MinValueValidator(1, "Enter an amount greater than zero."),
    validators.MaxValueValidator(MAX_AMOUNT, TOO_GREAT),
]


class MinorUnitsFormField(forms.IntegerField):
    """The admin's price fields: a whole number of minor units (cents), 1 to MAX_AMOUNT."""

    default_error_messages = {
        "invalid": "Enter a whole number of cents with the digits 0-9, for example 1250 for 12.50."
    }

    def __init__(self, **kwargs):
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        super().__init__(**kwargs)
        self.validators += AMOUNT_VALIDATORS

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, int):
            text = str(value).strip()
            # Checked before int(), which reads other scripts' digits and chokes on
            # (or spends seconds on) thousands of them.
            digits = text.removeprefix("-")
            if not (digits.isascii() and digits.isdigit()):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if text.startswith("-"):
                raise forms.ValidationError("Enter an amount greater than zero.")
            if len(digits.lstrip("0")) > len(str(MAX_AMOUNT)):
                raise forms.ValidationError(TOO_GREAT)
        return super().to_python(value)


class MinorUnitsField(models.PositiveIntegerField):
    """An amount of money in minor units: at least 1, at most MAX_AMOUNT."""

    default_validators = AMOUNT_VALIDATORS

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MinorUnitsFormField, **kwargs})


def currency_validate(value: str) -> None:
    if not CURRENCY_CODE.fullmatch(value):
        raise forms.ValidationError(
            "Enter a three-letter ISO currency code in lower case, e.g. eur."
        )


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
