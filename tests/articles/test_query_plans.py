"""The reader lists read an index in their own order, at any size of the archive.

On SQLite (the default database) the planner decides without statistics, so its
plan for these queries is the same for 3 articles as for 100,000: a plan that
sorts every live article (`USE TEMP B-TREE FOR ORDER BY`) or scans the table would
make the page cost grow with the archive. PostgreSQL chooses by statistics; the
same indexes serve it (`make bench` measures a 100,000-article newsroom).
"""

import pytest
from django.db import connection
from django.utils import translation

from articles.models import Article
from tests.articles.factories import ArticleFactory, SectionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans"),
]


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Bound parameters, as Django sends them: SQLite plans differently for literals.
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[-1] for row in cursor.fetchall())


@pytest.mark.parametrize("language", ["en", "uk"])
def test_home_and_lists_read_the_newest_articles_in_index_order(language):
    section = SectionFactory()
    ArticleFactory.create_batch(3, section=section)
    with translation.override(language):
        lists = {
            "latest": Article.objects.for_listing().in_edition()[:21],
            "section": Article.objects.for_listing().in_edition().filter(section=section)[:21],
            "top story": Article.objects.published()
            .in_edition()
            .filter(top_story=True)
            .order_by("-publish_at", "-pk")[:1],
        }
        for name, queryset in lists.items():
            found = plan(queryset)
            assert "USING INDEX article_" in found, (name, found)
            assert "TEMP B-TREE" not in found, (name, found)
