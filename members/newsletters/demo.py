"""Demo newsletters (original text), created once and looked up by slug after."""

from django.conf import settings

from articles.models import Article, Author
from newsroom.editions import language_codes

from .models import Cadence, Newsletter, NewsletterIssue, NewsletterIssueArticle

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
    {
        "slug": "ranok-z-ledger",
        "language": "uk",
        "name": "Ранок із Ledger",
        "description": (
            "Головне за ніч із фронту й Києва, перевірене та пояснене, у вашій скриньці "
            "ще до першої кави."
        ),
        "cadence": Cadence.DAILY,
        "is_featured": True,
        "position": 1,
    },
]

# A draft issue per edition, for editors to test and send: (newsletter slug, subject, body).
ISSUES = [
    (
        "morning-briefing",
        "Good morning: a quiet night in Kyiv, a busy one in the east",
        "<p>Good morning. Air defence was busy over the eastern regions; the "
        "capital slept through. Here is what our reporters filed overnight.</p>"
        "<p>Reply to this email to tell us what you want us to look into.</p>",
    ),
    (
        "ranok-z-ledger",
        "Доброго ранку: тиха ніч у Києві, неспокійна на сході",
        "<p>Доброго ранку. Протиповітряна оборона працювала над східними областями, а "
        "столиця проспала ніч спокійно. Ось що наші журналісти передали за ніч.</p>"
        "<p>Відповідайте на цей лист і розкажіть, у чому нам варто розібратися.</p>",
    ),
]


def load(*, stdout) -> None:
    created = 0
    editions = language_codes()
    for data in NEWSLETTERS:
        if data.get("language", settings.LANGUAGE_CODE) not in editions:
            continue
        defaults = {key: value for key, value in data.items() if key not in ("slug", "author")}
        if "author" in data:
            # The columnist from the articles demo, when it has been loaded.
            defaults["author"] = Author.objects.filter(slug=data["author"]).first()
        _, was_created = Newsletter.objects.get_or_create(slug=data["slug"], defaults=defaults)
        created += was_created
    stdout.write(f"Newsletters: {created} created.")
    demo_issue_ensure()


def demo_issue_ensure() -> None:
    """A draft issue of each edition's morning newsletter, with that edition's newest
    stories."""
    for slug, subject, body in ISSUES:
        newsletter = Newsletter.objects.filter(slug=slug).first()
        if newsletter is None:
            continue
        issue, created = NewsletterIssue.objects.get_or_create(
            newsletter=newsletter, subject=subject, defaults={"body": body}
        )
        if created:
            newest = (
                Article.objects.published()
                .in_edition(newsletter.language)
                .order_by("-publish_at")[:3]
            )
            for position, article in enumerate(newest):
                NewsletterIssueArticle.objects.create(
                    issue=issue, article=article, position=position
                )
