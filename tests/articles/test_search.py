"""Search over published articles: ranked full-text on PostgreSQL, a fallback elsewhere."""

import pytest
from django.db import connection

from articles.models import Article
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def result_headlines(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [article.headline for article in response.context["page_obj"].object_list]


def test_search_finds_published_articles_by_headline_standfirst_and_body(client):
    ArticleFactory(headline="Trains keep running", slug="trains")
    ArticleFactory(headline="Something else", standfirst="About the railway trains.", slug="b")
    ArticleFactory(headline="Third", body="<p>The night trains were late.</p>", slug="c")
    ArticleFactory(headline="Unrelated", body="<p>Theatre.</p>", slug="d")
    found = result_headlines(client, "trains")
    assert sorted(found) == ["Something else", "Third", "Trains keep running"]


def test_search_never_shows_unpublished_articles(client):
    ArticleFactory(headline="Secret trains", status=Article.Status.DRAFT, publish_at=None)
    ArticleFactory(headline="Public trains", slug="public")
    assert result_headlines(client, "trains") == ["Public trains"]


def test_all_words_must_match(client):
    ArticleFactory(headline="Night trains south", slug="a")
    ArticleFactory(headline="Night buses", slug="b")
    assert result_headlines(client, "night trains") == ["Night trains south"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_headline_matches_rank_above_body_matches_on_postgresql(client):
    ArticleFactory(headline="A story", body="<p>Mentions the harvest once.</p>", slug="body")
    ArticleFactory(headline="The harvest is in", body="<p>Fields.</p>", slug="headline")
    assert result_headlines(client, "harvest") == ["The harvest is in", "A story"]


def test_an_empty_query_shows_the_form_only(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["page_obj"] is None
    assert 'role="search"' in response.content.decode()


def test_nothing_found_says_so(client, db):
    ArticleFactory(headline="Trains")
    page = client.get("/search/", {"q": "submarine"}).content.decode()
    assert "Nothing found for “submarine”" in page


def test_the_results_line_is_a_heading_inside_a_status_region(client):
    ArticleFactory(headline="Bridges of the Dnipro")

    html = client.get("/search/?q=bridges").content.decode()

    # role="status" on the <h2> itself would replace its heading role.
    assert '<div role="status"><h2 class="h5 mb-3" id="search-results-heading">1 result for' in html
