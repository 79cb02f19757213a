"""Demo newsletters (original text), created once and looked up by slug after."""

from articles.models import Article, Author

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
    demo_issue_ensure()


def demo_issue_ensure() -> None:
    """A draft issue of the morning briefing, for editors to test and send."""
    issue, created = NewsletterIssue.objects.get_or_create(
        newsletter=Newsletter.objects.get(slug="morning-briefing"),
        subject="Good morning: a quiet night in Kyiv, a busy one in the east",
        defaults={
            "body": (
                "<p>Good morning. Air defence was busy over the eastern regions; the "
                "capital slept through. Here is what our reporters filed overnight.</p>"
                "<p>Reply to this email to tell us what you want us to look into.</p>"
            )
        },
    )
    if created:
        for position, article in enumerate(Article.objects.published().order_by("-publish_at")[:3]):
            NewsletterIssueArticle.objects.create(issue=issue, article=article, position=position)
