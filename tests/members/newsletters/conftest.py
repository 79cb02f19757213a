import pytest
from django.core.cache import cache

from members.newsletters import access
from tests.articles.factories import AuthorFactory

from .factories import NewsletterFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def newsletter(db):
    return NewsletterFactory(name="The Morning Briefing", slug="morning-briefing")


@pytest.fixture
def column(db):
    """A newsletter written by a named columnist."""
    return NewsletterFactory(
        name="Letters from the Left Bank",
        slug="letters-from-the-left-bank",
        author=AuthorFactory(name="Halyna Moroz", slug="halyna-moroz"),
    )


@pytest.fixture
def members_newsletter(db):
    return NewsletterFactory(name="Members' Dispatch", slug="members-dispatch", members_only=True)


@pytest.fixture
def members(monkeypatch):
    """Stand-in for the memberships app (built on another branch): the readers in
    the returned set count as active members. Only the one seam is replaced."""
    active = set()
    monkeypatch.setattr(access, "active_member_ids", lambda user_ids: active & set(user_ids))
    return active
