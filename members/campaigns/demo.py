"""The demo campaign: "1,000 new members by our third birthday", featured, alive.

Idempotent: the campaign is found by slug (its window is set once, when it is first
created, relative to that day), demo members by email address and their starts
by reference, so running it again adds nothing. Starts are recorded through
`membership_start_record`, the same path checkout and gifts use, so the counter
and the daily chart fill in as they would for real members.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from members.memberships.demo import demo_membership_start
from newsroom.clock import newsroom_today
from newsroom.editions import language_codes

from . import services
from .models import Campaign, PublicSupporter, SupporterFigures

SLUG = "third-birthday"
# The campaign's words in the Ukrainian edition (one campaign, one counter, two languages).
UKRAINIAN = {
    "name": "1000 нових учасників до нашого третього дня народження",
    "banner_text": "Цієї зими нам виповнюється три роки. Наші репортажі з України "
    "оплачують такі читачі, як ви: станьте учасником і допоможіть нам підготуватися до "
    "наступного року.",
    "appeal": "Нас читають мільйони, а платять за журналістику небагато тих, хто "
    "долучається. Ще тисяча учасників до дня народження — це рік репортажів із передової "
    "та з міст, що за нею.",
}
DEMO_MEMBERS = 64
NAMED = [
    ("Oksana", "Lviv"),
    ("Andrii", "Kharkiv"),
    ("Maryna", "Odesa"),
    ("Dmytro", "Dnipro"),
    ("Sofiia", "Vinnytsia"),
    ("Yurii", "Chernihiv"),
    ("Halyna", "Poltava"),
    ("Bohdan", "Zaporizhzhia"),
]


def load(*, stdout) -> None:
    today = newsroom_today()
    with transaction.atomic():
        campaign, created = Campaign.objects.get_or_create(
            slug=SLUG,
            defaults={
                "name": "1,000 new members by our third birthday",
                "goal": 1000,
                "starts_on": today - timedelta(days=40),
                "ends_on": today + timedelta(days=24),
                "starting_count": 480,
                "banner_text": "We turn three this winter. Our reporting from Ukraine is "
                "funded by readers like you: become a member and help us prepare for the "
                "year ahead.",
                "appeal": "Our reporting is read by millions, and paid for by the few who "
                "chip in. Another 1,000 members by our birthday would fund a year of "
                "reporting from the front line and the towns behind it.",
            },
        )
        if "uk" in language_codes() and not campaign.name_uk:
            campaign.name_uk = UKRAINIAN["name"]
            campaign.banner_text_uk = UKRAINIAN["banner_text"]
            campaign.appeal_uk = UKRAINIAN["appeal"]
            campaign.save(update_fields=["name_uk", "banner_text_uk", "appeal_uk"])
        if created or not Campaign.objects.featured().exists():
            services.campaign_feature(campaign=campaign)
        started = _demo_members(campaign)
        SupporterFigures.objects.get_or_create(
            pk=1,
            defaults={
                "supporters_override": 12_000,
                "monthly_readers": 120_000_000,
                "monthly_readers_as_of": today.replace(day=1),
            },
        )
    count = services.campaign_recount(campaign=campaign)
    services.supporter_figures_refresh()
    stdout.write(
        f"Campaign: {campaign.name} ({count + campaign.starting_count:,} of {campaign.goal:,}; "
        f"{started} demo members started now)."
    )


def _demo_members(campaign: Campaign) -> int:
    User = get_user_model()
    now = timezone.now()
    days_so_far = max(1, (newsroom_today() - campaign.starts_on).days)
    started = 0
    for number in range(DEMO_MEMBERS):
        first_name, city = NAMED[(number // 2) % len(NAMED)]
        user, _ = User.objects.get_or_create(
            email=f"demo-member-{number + 1}@example.com", defaults={"first_name": first_name}
        )
        # More members joined lately: squares spread the starts toward today.
        days_ago = (days_so_far * (DEMO_MEMBERS - number) ** 2) // (DEMO_MEMBERS**2)
        started += demo_membership_start(
            user=user,
            reference=f"demo:{number + 1}",
            started_at=now - timedelta(days=days_ago, hours=number % 11),
            # A few have cancelled since: they stay counted (we count joins).
            ended=number % 9 == 4,
        )
        if number < len(NAMED) * 2 and number % 2 == 0:
            PublicSupporter.objects.get_or_create(
                user=user, defaults={"first_name": first_name, "city": city}
            )
    return started
