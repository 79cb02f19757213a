"""Query budgets for the two busiest pages, on a cold cache, for an anonymous reader.

The counts must not grow with the number of articles, authors, tags or briefs: the
same test runs with 3 and with 300 articles.
"""

import pytest
from django.core.cache import cache

from articles.models import Article, ArticleAuthor
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    BriefFactory,
    EditorsPickFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def newsroom(count: int) -> list[Article]:
    sections = [SectionFactory(name=f"Desk {n}", slug=f"desk-{n}") for n in range(4)]
    authors = [AuthorFactory() for _ in range(max(3, count // 10))]
    articles = ArticleFactory.create_batch(
        count,
        section=factory_cycle(sections),
        authors=[],
        tags=["Kyiv", "Energy", "Trains"],
        lead_image=False,
    )
    for index, article in enumerate(articles):
        for position in range(2):
            ArticleAuthor.objects.create(
                article=article,
                author=authors[(index + position) % len(authors)],
                position=position,
            )
    for index, article in enumerate(articles[:10]):
        EditorsPickFactory(article=article, position=index)
    for article in articles[:2]:
        article.related_articles.set(articles[-2:])
    BriefFactory.create_batch(count)
    cache.clear()
    return articles


def factory_cycle(items):
    import factory

    return factory.Iterator(items)


@pytest.mark.parametrize("count", [3, 300])
def test_home_page_queries(client, django_assert_num_queries, count):
    newsroom(count)
    # 1 top story, 2 latest and more news, 3 editors' picks, 4 bylines of all of
    # those (one prefetch), 5 briefs, 6 sections for the header navigation,
    # 7 the newsletters offered in the compact signup form.
    with django_assert_num_queries(7):
        response = client.get("/")
    assert response.status_code == 200
    # Top story, 4 latest, 8 more news (fewer when there are fewer articles).
    assert response.content.decode().count('<article class="article-card') == min(count, 1 + 4 + 8)


@pytest.mark.parametrize("count", [3, 300])
def test_article_page_queries(client, django_assert_num_queries, count):
    articles = newsroom(count)
    article = articles[0]
    # 1 the article with its section, 2 its byline, 3 its tags, 4 related
    # articles and editors' picks together, 5 briefs, 6 header sections, 7 the
    # newsletters offered in the compact signup form.
    with django_assert_num_queries(7):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="related-card"' in page
    assert page.count('rel="author"') == 2
    assert page.count('rel="tag"') == 3


def test_article_page_with_a_lead_image_costs_no_more_queries(client, django_assert_num_queries):
    article = ArticleFactory(lead_image=True, tags=["Kyiv"])
    cache.clear()
    # The same seven as above: renditions are files, found without the database.
    with django_assert_num_queries(7):
        response = client.get(article.get_absolute_url())
    assert "image/avif" in response.content.decode()
