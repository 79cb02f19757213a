"""Demo membership plans (idempotent: looked up by slug and interval).

Only our own rows are written here: the demo loader runs before the fake Stripe
starts, and the matching Stripe Prices are found or created by lookup key at the
first checkout (`services.plan_price_stripe_id`), with the fake and real Stripe alike.
"""

from .models import Plan, PlanPrice

PLANS = [
    {
        "slug": "supporter",
        "name": "Supporter",
        "position": 1,
        "description": "Keep independent reporting from Ukraine free for everyone to read.",
        "benefits": "Our thanks, every month\nThe members' newsletter from the editors\n"
        "An invitation to the yearly members' call",
        "prices": [("month", 500, None), ("year", 5000, None)],
    },
    {
        "slug": "sustainer",
        "name": "Sustainer",
        "position": 2,
        "description": "Fund a reporter's trip to the front line each year. Pay more if you can.",
        "benefits": "Everything Supporters get\nA quarterly behind-the-scenes letter\n"
        "Your name among our sustainers (if you wish)",
        "prices": [("month", 1200, 1200), ("year", 12000, 12000)],
    },
]


def load(*, stdout) -> None:
    created = 0
    for spec in PLANS:
        plan, plan_created = Plan.objects.get_or_create(
            slug=spec["slug"],
            defaults={key: spec[key] for key in ("name", "position", "description", "benefits")},
        )
        created += plan_created
        for interval, amount, minimum in spec["prices"]:
            _, price_created = PlanPrice.objects.get_or_create(
                plan=plan,
                interval=interval,
                defaults={"amount": amount, "currency": "eur", "minimum_custom_amount": minimum},
            )
            created += price_created
    stdout.write(f"Membership plans: {created} rows created.")
