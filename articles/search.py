"""Search over one edition's published articles.

On PostgreSQL: full-text search, ranked (headline weighs most, then the standfirst,
then the body), with web-search syntax ("quoted phrases", -exclusions, or). Each
language has its own text search configuration: `english` (stemmed) for English;
for Ukrainian, which PostgreSQL has no stemmer for, `newsroom_simple_unaccent`
(lower-cased words with stress marks and similar accents removed; created by
articles/migrations/0008), so a word matches whatever letter case or accent it was
typed in, though not in another grammatical case. On other databases (SQLite in
development): every word must appear in the headline, standfirst or body, compared
case-insensitively for every alphabet (SQLite's own LIKE folds only ASCII letters,
so both sides are case-folded in Python: see `register_sqlite_casefold`), newest first.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import CharField, Func, Q, QuerySet
from django.utils import translation

from .models import Article

SEARCH_CONFIGS = {"en": "english"}
DEFAULT_SEARCH_CONFIG = "newsroom_simple_unaccent"


def search_config(language: str) -> str:
    return SEARCH_CONFIGS.get(language, DEFAULT_SEARCH_CONFIG)


class Casefold(Func):
    """Python's str.casefold on SQLite (a function registered on each connection)."""

    function = "newsroom_casefold"
    output_field = CharField()


def register_sqlite_casefold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "newsroom_casefold",
            1,
            lambda text: text.casefold() if text is not None else None,
            deterministic=True,
        )


def articles_search(query: str, *, language: str | None = None) -> QuerySet[Article]:
    language = language or translation.get_language()
    articles = Article.objects.for_listing().in_edition(language)
    if connection.vendor == "postgresql":
        config = search_config(language)
        vector = (
            SearchVector("headline", weight="A", config=config)
            + SearchVector("standfirst", weight="B", config=config)
            + SearchVector("body", weight="C", config=config)
        )
        search_query = SearchQuery(query, search_type="websearch", config=config)
        return (
            articles.annotate(document=vector, rank=SearchRank(vector, search_query))
            .filter(document=search_query)
            .order_by("-rank", "-publish_at", "-pk")
        )
    condition = Q()
    for word in query.split()[:10]:
        word = word.casefold()
        condition &= (
            Q(headline_folded__contains=word)
            | Q(standfirst_folded__contains=word)
            | Q(body_folded__contains=word)
        )
    return articles.alias(
        headline_folded=Casefold("headline"),
        standfirst_folded=Casefold("standfirst"),
        body_folded=Casefold("body"),
    ).filter(condition)
