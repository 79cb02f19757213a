"""Demo newsletters (original text), created once and looked up by slug after."""

from articles.models import Author

from .models import Cadence, Newsletter

NEWSLETTERS = [
    {
        "slug": "morning-briefing",
        "name": "The Morning Briefing",
        "description": (
            "The night's news from the front and from Kyiv, checked and explained, "
            "in your inbox before your first coffee."
        ),
        "cadence": Cadence.DAILY,
        "is_featured": True,
        "position": 1,
    },
    {
        "slug": "letters-from-the-left-bank",
        "name": "Letters from the Left Bank",
        "description": (
            "Halyna Moroz's weekly letter from her corner of Kyiv: the neighbours, the "
            "queues, the small victories, sent before her column appears on the site."
        ),
        "author": "halyna-moroz",
        "cadence": Cadence.WEEKLY,
        "position": 2,
    },
    {
        "slug": "the-weekend-read",
        "name": "The Weekend Read",
        "description": (
            "One long story every Saturday, with the reporting notes behind it and "
            "three pieces from elsewhere worth your time."
        ),
        "cadence": Cadence.WEEKLY,
        "position": 3,
    },
    {
        "slug": "members-dispatch",
        "name": "Members' Dispatch",
        "description": (
            "A monthly note from the editors to the readers who fund us: what your "
            "membership paid for, and what we are working on next."
        ),
        "cadence": Cadence.MONTHLY,
        "members_only": True,
        "position": 4,
    },
]


def load(*, stdout) -> None:
    created = 0
    for data in NEWSLETTERS:
        defaults = {key: value for key, value in data.items() if key not in ("slug", "author")}
        if "author" in data:
            # The columnist from the articles demo, when it has been loaded.
            defaults["author"] = Author.objects.filter(slug=data["author"]).first()
        _, was_created = Newsletter.objects.get_or_create(slug=data["slug"], defaults=defaults)
        created += was_created
    stdout.write(f"Newsletters: {created} created, {len(NEWSLETTERS) - created} already there.")
