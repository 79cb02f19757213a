"""Search over published articles.

On PostgreSQL: full-text search, ranked (headline weighs most, then the standfirst,
then the body), with web-search syntax ("quoted phrases", -exclusions, or). On other
databases (SQLite in development): every word must appear in the headline,
standfirst or body, newest first.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from .models import Article

SEARCH_CONFIG = "english"


def articles_search(query: str) -> QuerySet[Article]:
    articles = Article.objects.for_listing()
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("headline", weight="A", config=SEARCH_CONFIG)
            + SearchVector("standfirst", weight="B", config=SEARCH_CONFIG)
            + SearchVector("body", weight="C", config=SEARCH_CONFIG)
        )
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            articles.annotate(document=vector, rank=SearchRank(vector, search_query))
            .filter(document=search_query)
            .order_by("-rank", "-publish_at", "-pk")
        )
    condition = Q()
    for word in query.split()[:10]:
        condition &= (
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    return articles.filter(condition)
