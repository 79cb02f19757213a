import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache, caches

from articles import roles
from tests.articles.factories import AuthorFactory
from tests.factories import UserFactory


@pytest.fixture
def reporter(db):
    """A staff reporter in the Reporter group, with an author profile."""
    user = UserFactory(email="reporter@example.com", is_staff=True, first_name="Oksana")
    user.groups.add(Group.objects.get(name=roles.REPORTER))
    AuthorFactory(name="Oksana Reporter", slug="oksana-reporter", user=user)
    return user


@pytest.fixture
def desk_editor(db):
    """A staff editor in the Editor group (not a superuser)."""
    user = UserFactory(email="desk@example.com", is_staff=True, first_name="Marta")
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    return user


@pytest.fixture
def fragments_on(settings):
    """Kept stories and fragments, off in other tests (tests/conftest.py), from an
    empty cache. Tests using it need `django_db(transaction=True)`: kept parts are
    dropped when a change commits, as in production."""
    settings.FRAGMENT_CACHE_ENABLED = True
    cache.clear()
    caches["pages"].clear()
