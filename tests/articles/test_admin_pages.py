"""Every editorial admin page opens for an editor; a reporter sees only what is theirs to do."""

import pytest

from articles.models import Article
from tests.articles.factories import (
    ArticleFactory,
    BriefFactory,
    EditorsPickFactory,
)

pytestmark = pytest.mark.django_db


def test_every_editorial_admin_page_opens_for_an_editor(client, desk_editor):
    article = ArticleFactory(tags=["Kyiv"], lead_image=True)
    brief = BriefFactory(article=article)
    pick = EditorsPickFactory(article=article)
    client.force_login(desk_editor)
    urls = [
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/history/",
        "/admin/articles/author/",
        "/admin/articles/author/add/",
        "/admin/articles/section/",
        "/admin/articles/brief/",
        f"/admin/articles/brief/{brief.pk}/change/",
        "/admin/articles/editorspick/",
        f"/admin/articles/editorspick/{pick.pk}/change/",
        "/admin/taggit/tag/",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_reporter_cannot_manage_briefs_or_picks(client, reporter):
    client.force_login(reporter)
    assert client.get("/admin/articles/brief/add/").status_code == 403
    assert client.get("/admin/articles/editorspick/add/").status_code == 403
    assert client.get("/admin/articles/article/add/").status_code == 200


def test_my_articles_filter_shows_a_reporters_own_work(client, reporter):
    ArticleFactory(headline="Mine by byline", authors=[reporter.author])
    ArticleFactory(headline="A colleague's", status=Article.Status.DRAFT, publish_at=None)
    client.force_login(reporter)
    page = client.get("/admin/articles/article/?mine=yes").content.decode()
    assert "Mine by byline" in page
    assert "A colleague&#x27;s" not in page
