"""Restoring an old version follows the workflow: a reporter cannot use History to
take a published article off the site, and version ids are checked against the
object and its type."""

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from tests.articles.admin_forms import existing_article_form_data
from tests.articles.factories import ArticleFactory, BriefFactory

pytestmark = pytest.mark.django_db

Status = Article.Status


def _save_version(article: Article, **changes) -> Version:
    for field, value in changes.items():
        setattr(article, field, value)
    with reversion.create_revision():
        article.save()
    return Version.objects.get_for_object(article).first()


def _revert_url(article: Article, version: Version) -> str:
    return f"/admin/articles/article/{article.pk}/history/{version.pk}/"


@pytest.fixture
def reporters_published_article(reporter):
    """The reporter's article: written and reviewed, then published by an editor."""
    article = ArticleFactory(
        authors=[reporter.author], created_by=reporter, status=Status.DRAFT, publish_at=None
    )
    in_review = _save_version(article, status=Status.REVIEW, headline="Reviewed text")
    _save_version(
        article, status=Status.PUBLISHED, publish_at=timezone.now(), headline="Published text"
    )
    return article, in_review


def test_a_reporter_cannot_revert_a_published_article_to_an_earlier_review(
    client, reporter, reporters_published_article
):
    article, in_review = reporters_published_article
    client.force_login(reporter)

    assert client.get(_revert_url(article, in_review)).status_code == 403
    data = existing_article_form_data(article, status="review", headline="Rewritten")
    assert client.post(_revert_url(article, in_review), data).status_code == 403

    article.refresh_from_db()
    assert (article.status, article.headline) == (Status.PUBLISHED, "Published text")
    assert article.is_live()


def test_a_reporter_cannot_restore_an_old_published_state_over_their_draft(client, reporter):
    article = ArticleFactory(authors=[reporter.author], created_by=reporter)  # published
    published = _save_version(article)
    _save_version(article, status=Status.DRAFT, publish_at=None, headline="Back to draft")
    client.force_login(reporter)

    assert client.get(_revert_url(article, published)).status_code == 403


def test_a_reporter_restores_an_earlier_version_of_their_own_draft(client, reporter):
    article = ArticleFactory(
        authors=[reporter.author], created_by=reporter, status=Status.DRAFT, publish_at=None
    )
    first = _save_version(article, headline="First words")
    _save_version(article, headline="Second words")
    client.force_login(reporter)

    assert client.get(_revert_url(article, first)).status_code == 200
    response = client.post(
        _revert_url(article, first), existing_article_form_data(article, headline="First words")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "First words"


def test_an_editor_may_revert_a_published_article_to_review(
    client, desk_editor, reporters_published_article
):
    article, in_review = reporters_published_article
    client.force_login(desk_editor)

    response = client.post(
        _revert_url(article, in_review), existing_article_form_data(article, status="review")
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_a_version_of_another_kind_of_object_is_not_found(client, desk_editor):
    article = ArticleFactory()
    brief = BriefFactory(headline="A brief")
    with reversion.create_revision():
        brief.save()
    brief_version = Version.objects.get_for_object(brief).get()
    client.force_login(desk_editor)

    # The same number used as an article's id and as the brief's version.
    response = client.get(f"/admin/articles/article/{brief.pk}/history/{brief_version.pk}/")
    assert response.status_code == 404
    assert client.get(f"/admin/articles/article/recover/{brief_version.pk}/").status_code == 404
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


def test_a_version_of_another_article_is_not_found(client, desk_editor):
    one, other = ArticleFactory(), ArticleFactory()
    other_version = _save_version(other, headline="Other")
    client.force_login(desk_editor)

    assert client.get(_revert_url(one, other_version)).status_code == 404


def test_recover_only_brings_back_deleted_articles(client, desk_editor):
    article = ArticleFactory(headline="Still here")
    version = _save_version(article)
    client.force_login(desk_editor)

    assert client.get(f"/admin/articles/article/recover/{version.pk}/").status_code == 404

    article.delete()
    assert client.get(f"/admin/articles/article/recover/{version.pk}/").status_code == 200


def test_a_reporter_cannot_recover_a_deleted_published_article(client, reporter):
    article = ArticleFactory(authors=[reporter.author], created_by=reporter)
    version = _save_version(article)
    article.delete()
    client.force_login(reporter)

    assert client.get(f"/admin/articles/article/recover/{version.pk}/").status_code == 403
