"""Scheduled publishing.

Readers never wait for anything here: `Article.objects.published()` treats a
scheduled article as published once its time has passed. This task then flips the
stored status to "published" so the editors' lists say so too (and is the moment
later work, such as narration, can hook into). It is enqueued for the publication
time and is safe to run twice, early or late.
"""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import Article


@task
def article_publish_due(article_id: int) -> None:
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.status != Article.Status.SCHEDULED:
            return
        if article.publish_at is None or article.publish_at > timezone.now():
            return  # rescheduled later: the task enqueued for the new time does it
        article.status = Article.Status.PUBLISHED
        article.save(update_fields=["status", "modified_at"])


def article_schedule_go_live(*, article: Article) -> None:
    """Enqueue the status flip for the article's publication time, after commit.

    Backends that cannot defer (the in-process one used by tests) are skipped:
    visibility never depends on this task, only the stored status does.
    """
    if not article_publish_due.get_backend().supports_defer:
        return
    article_id, run_after = article.pk, article.publish_at
    transaction.on_commit(
        lambda: article_publish_due.using(run_after=run_after).enqueue(article_id)
    )


def articles_publish_all_due() -> int:
    """Flip every scheduled article whose time has passed (for a cron or the demo)."""
    due = Article.objects.filter(
        status=Article.Status.SCHEDULED, publish_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    for article_id in due:
        article_publish_due.call(article_id)
    return len(due)
