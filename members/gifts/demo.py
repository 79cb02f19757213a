"""Demo gift prices (idempotent: looked up by duration)."""

from .models import GiftPrice

# (months, amount in cents)
PRICES = [(1, 600), (3, 1500), (6, 2800), (12, 5000)]


def load(*, stdout) -> None:
    created = 0
    for months, amount in PRICES:
        _, was_created = GiftPrice.objects.get_or_create(
            duration_months=months, defaults={"amount": amount, "currency": "eur"}
        )
        created += was_created
    stdout.write(f"Gift prices: {created} rows created.")
