import pytest
from django.core.cache import caches

from tests.articles.factories import ArticleFactory, BriefFactory, SectionFactory
from tests.members.newsletters.factories import NewsletterFactory


@pytest.fixture
def page_cache_on(settings):
    """Django's page cache. Tests using it need `django_db(transaction=True)`: pages
    are dropped when a change commits, as they are in production."""
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def newsroom(db):
    """Two desks, three articles, a brief and a newsletter: enough to fill every page."""
    news = SectionFactory(name="News", slug="news")
    culture = SectionFactory(name="Culture", slug="culture")
    return {
        "lead": ArticleFactory(
            headline="Bridge reopens", slug="bridge", section=news, tags=["Kyiv"]
        ),
        "other": ArticleFactory(headline="Theatre season opens", slug="theatre", section=culture),
        "third": ArticleFactory(headline="Metro timetable", slug="metro", section=news),
        "brief": BriefFactory(headline="Power back in Podil"),
        "newsletter": NewsletterFactory(name="Morning Ledger", slug="morning", is_featured=True),
    }
