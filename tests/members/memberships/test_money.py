import pytest

from members.money import amount_parse, format_money


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (500, "eur", "€5"),
        (1250, "eur", "€12.50"),
        (120000, "usd", "$1,200"),
        (1000, "chf", "10 CHF"),
        (500, "jpy", "500 JPY"),
    ],
)
def test_amounts_are_shown_in_major_units(amount, currency, shown):
    assert format_money(amount, currency) == shown


@pytest.mark.parametrize(
    ("typed", "currency", "minor"),
    [("12.5", "eur", 1250), ("€12.50", "eur", 1250), ("7", "eur", 700), ("500", "jpy", 500)],
)
def test_typed_amounts_become_minor_units(typed, currency, minor):
    assert amount_parse(typed, currency) == minor


@pytest.mark.parametrize("typed", ["ten", "", "NaN", "Infinity", "12,50", "5.5"])
def test_things_that_are_not_amounts_are_refused(typed):
    with pytest.raises(ValueError):
        amount_parse(typed, "jpy" if typed == "5.5" else "eur")
