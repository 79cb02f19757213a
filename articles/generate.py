"""Bulk articles for load tests: N published articles across a few sections and authors.

Rows are written with `bulk_create` in chunks (no per-article save, signals or
narration), so 100,000 articles take seconds. Bodies are already-clean HTML, so
skipping the sanitiser in `Article.save()` stores nothing it would have changed.
Every generated article's slug starts with `GENERATED_PREFIX`; `generated_delete`
removes them all.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleAuthor, Author, Section, reading_time_minutes

GENERATED_PREFIX = "generated-"
CHUNK = 5_000
SECTIONS = ["War", "Politics", "Economy", "Everyday life", "Culture", "Science"]
PARAGRAPH = (
    "<p>Residents of the district gathered at the school on Tuesday morning as engineers "
    "restored power to the last streets left dark after the overnight strike. "
    "Volunteers handed out tea and charged phones while the queue moved slowly.</p>"
)
BODY = PARAGRAPH * 8


def generated_articles_create(*, count: int, authors: int = 200) -> int:
    sections = [
        Section.objects.get_or_create(
            slug=f"{GENERATED_PREFIX}{index}", defaults={"name": f"{name} (generated)"}
        )[0]
        for index, name in enumerate(SECTIONS)
    ]
    people = list(Author.objects.filter(slug__startswith=f"{GENERATED_PREFIX}author-"))
    if not people:
        people = Author.objects.bulk_create(
            Author(name=f"Generated Author {index}", slug=f"{GENERATED_PREFIX}author-{index}")
            for index in range(authors)
        )
    reading_time = reading_time_minutes(BODY)
    now = timezone.now()
    start = Article.objects.filter(slug__startswith=GENERATED_PREFIX).count()
    created = 0
    while created < count:
        size = min(CHUNK, count - created)
        with transaction.atomic():
            batch = Article.objects.bulk_create(
                Article(
                    headline=f"Generated report number {number}",
                    slug=f"{GENERATED_PREFIX}{number}",
                    standfirst="A sentence that sums up what happened and why it matters.",
                    body=BODY,
                    reading_time=reading_time,
                    section=sections[number % len(sections)],
                    status=Article.Status.PUBLISHED,
                    publish_at=now - timedelta(minutes=number),
                )
                for number in range(start + created, start + created + size)
            )
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(article=article, author=people[index % len(people)], position=0)
                for index, article in enumerate(batch)
            )
        created += size
    return created


def generated_delete() -> None:
    ArticleAuthor.objects.filter(article__slug__startswith=GENERATED_PREFIX).delete()
    Article.objects.filter(slug__startswith=GENERATED_PREFIX).delete()
    Author.objects.filter(slug__startswith=GENERATED_PREFIX).delete()
    Section.objects.filter(slug__startswith=GENERATED_PREFIX).delete()
