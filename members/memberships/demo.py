"""Demo membership plans (idempotent: looked up by slug and interval).

Only our own rows are written here: the demo loader runs before the fake Stripe
starts, and the matching Stripe Prices are found or created by lookup key at the
first checkout (`prices.plan_price_stripe_id`), with the fake and real Stripe alike.
"""

from datetime import datetime

from newsroom.editions import language_codes

from .models import Membership, Plan, PlanPrice
from .starts import membership_start_record

PLANS = [
    {
        "slug": "supporter",
        "name": "Supporter",
        "position": 1,
        "description": "Keep independent reporting from Ukraine free for everyone to read.",
        "benefits": "Our thanks, every month\nThe members' newsletter from the editors\n"
        "An invitation to the yearly members' call",
        "prices": [("month", 500, None), ("year", 5000, None)],
        "uk": {
            "name": "Прихильник",
            "description": "Незалежна журналістика з України безкоштовна для всіх читачів.",
            "benefits": "Наша щомісячна вдячність\nРозсилка редакції для учасників\n"
            "Запрошення на щорічну зустріч учасників",
        },
    },
    {
        "slug": "sustainer",
        "name": "Sustainer",
        "position": 2,
        "description": "Fund a reporter's trip to the front line each year. Pay more if you can.",
        "benefits": "Everything Supporters get\nA quarterly behind-the-scenes letter\n"
        "Your name among our sustainers (if you wish)",
        "prices": [("month", 1200, 1200), ("year", 12000, 12000)],
        "uk": {
            "name": "Меценат",
            "description": "Щороку оплачуйте одну поїздку репортера на передову. "
            "Можете платити більше, якщо маєте змогу.",
            "benefits": "Усе, що отримують прихильники\nЩоквартальний лист про роботу "
            "редакції\nВаше ім’я серед меценатів (якщо бажаєте)",
        },
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
        if "uk" in language_codes() and not plan.name_uk:
            for field, text in spec["uk"].items():
                setattr(plan, f"{field}_uk", text)
            plan.save(update_fields=[f"{field}_uk" for field in spec["uk"]])
        for interval, amount, minimum in spec["prices"]:
            _, price_created = PlanPrice.objects.get_or_create(
                plan=plan,
                interval=interval,
                defaults={"amount": amount, "currency": "eur", "minimum_custom_amount": minimum},
            )
            created += price_created
    stdout.write(f"Membership plans: {created} rows created.")


def demo_membership_start(*, user, reference: str, started_at: datetime, ended: bool) -> bool:
    """A demo member (for the demo campaign) who joined at `started_at`, once per reference.

    `ended` makes one who has left since. The start goes through the ledger like a
    real one, so campaign counters fill in as they would. Returns True when new.
    """
    status = Membership.Status.ENDED if ended else Membership.Status.ACTIVE
    membership, _ = Membership.objects.get_or_create(
        user=user, defaults={"status": status, "source": Membership.Source.SUBSCRIPTION}
    )
    started = membership_start_record(
        membership=membership,
        source=Membership.Source.SUBSCRIPTION,
        reference=reference,
        started_at=started_at,
    )
    membership.save(update_fields=["started_at", "ended_at", "updated_at"])
    return started
