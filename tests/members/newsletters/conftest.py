import pytest

from tests.articles.factories import AuthorFactory

from .factories import NewsletterFactory


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
