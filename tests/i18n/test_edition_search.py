"""Search in the Ukrainian edition: its own articles only, whatever the letter case."""

import pytest
from django.db import connection

from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def headlines(client, path: str) -> list[str]:
    page = client.get(path).context["page_obj"]
    return [article.headline for article in page.object_list]


def test_ukrainian_search_ignores_letter_case_and_never_returns_english(client):
    ArticleFactory(language="uk", headline="Відбудова КИЄВА триває", body="<p>Мости.</p>")
    ArticleFactory(language="en", headline="Rebuilding Києва goes on", body="<p>Bridges.</p>")

    assert headlines(client, "/uk/search/?q=києва") == ["Відбудова КИЄВА триває"]
    assert headlines(client, "/search/?q=києва") == ["Rebuilding Києва goes on"]


def test_ukrainian_search_ignores_stress_marks_on_postgresql(client):
    if connection.vendor != "postgresql":
        pytest.skip("unaccent is PostgreSQL's")
    ArticleFactory(language="uk", headline="Заяви́ міністра", body="<p>Текст.</p>")

    assert headlines(client, "/uk/search/?q=заяви") == ["Заяви́ міністра"]


def test_english_search_stems_on_postgresql(client):
    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL's")
    ArticleFactory(language="en", headline="Bridges reopened", body="<p>Text.</p>")

    assert headlines(client, "/search/?q=bridge") == ["Bridges reopened"]
