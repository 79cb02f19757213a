"""Background work for articles."""

from django.tasks import task

from .images import renditions_generate
from .models import Article
from .scheduling import article_publish_due

__all__ = ["article_publish_due", "article_renditions_generate"]


@task
def article_renditions_generate(article_id: int) -> None:
    """Make the lead image's renditions ahead of the first reader (AVIF takes a while)."""
    article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        renditions_generate(article)
