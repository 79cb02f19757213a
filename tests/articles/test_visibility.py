"""Drafts, scheduled and unpublished articles are invisible to the public everywhere;
a scheduled article appears by itself once its time has come."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.scheduling import article_publish_due
from tests.articles.factories import ArticleFactory, AuthorFactory, EditorsPickFactory

pytestmark = pytest.mark.django_db

PUBLIC_LISTS = [
    "/",
    "/latest/",
    "/sections/news/",
    "/authors/hidden-author/",
    "/tags/secret/",
    "/search/?q=Hidden",
    "/feeds/rss/",
    "/feeds/atom/",
    "/sections/news/rss/",
    "/authors/hidden-author/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
]


def hidden_article(status, publish_at=None):
    author = AuthorFactory(name="Hidden Author", slug="hidden-author")
    article = ArticleFactory(
        headline="Hidden headline",
        slug="hidden",
        status=status,
        publish_at=publish_at,
        authors=[author],
        tags=["Secret"],
    )
    EditorsPickFactory(article=article)
    # Something published, so lists and feeds are not simply empty.
    ArticleFactory(headline="Visible headline", slug="visible", authors=[author], tags=["Secret"])
    return article


@pytest.mark.parametrize(
    ("status", "publish_at"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.SCHEDULED, timezone.now() + timedelta(hours=3)),
        (Article.Status.UNPUBLISHED, timezone.now() - timedelta(days=1)),
        # "Published" with a future time is not live yet either.
        (Article.Status.PUBLISHED, timezone.now() + timedelta(hours=3)),
    ],
)
def test_unpublished_articles_are_invisible_everywhere(client, status, publish_at):
    hidden_article(status, publish_at)

    assert client.get("/articles/hidden/").status_code == 404
    for url in PUBLIC_LISTS:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        content = response.content.decode()
        assert "Hidden headline" not in content, url
        assert "/articles/hidden/" not in content, url
    assert "Visible headline" in client.get("/latest/").content.decode()


def test_a_scheduled_article_goes_live_at_its_time_without_anyone_acting(client):
    article = hidden_article(Article.Status.SCHEDULED, timezone.now() + timedelta(minutes=30))
    assert client.get("/articles/hidden/").status_code == 404

    # Time passes: nothing but the clock changes (the status is still "scheduled").
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.get(pk=article.pk).status == Article.Status.SCHEDULED

    assert client.get("/articles/hidden/").status_code == 200
    assert "Hidden headline" in client.get("/").content.decode()
    assert "/articles/hidden/" in client.get("/feeds/rss/").content.decode()
    assert "/articles/hidden/" in client.get("/sitemap-articles.xml").content.decode()


def test_published_queryset_uses_the_time_it_is_given():
    article = ArticleFactory(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() + timedelta(hours=1)
    )
    assert article not in Article.objects.published()
    assert article in Article.objects.published(now=timezone.now() + timedelta(hours=2))


def test_the_due_task_marks_a_scheduled_article_published_only_when_due():
    article = ArticleFactory(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() + timedelta(hours=1)
    )
    article_publish_due.call(article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED

    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    article_publish_due.call(article.pk)
    article_publish_due.call(article.pk)  # twice is harmless
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_the_due_task_leaves_an_unscheduled_article_alone():
    article = ArticleFactory(
        status=Article.Status.UNPUBLISHED, publish_at=timezone.now() - timedelta(hours=1)
    )
    article_publish_due.call(article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED


def test_a_pick_of_an_unpublished_article_disappears_from_the_home_page(client):
    pick = EditorsPickFactory(article__headline="Picked story", article__slug="picked")
    assert "Picked story" in client.get("/").content.decode()
    Article.objects.filter(pk=pick.article_id).update(status=Article.Status.UNPUBLISHED)
    assert "Picked story" not in client.get("/").content.decode()
