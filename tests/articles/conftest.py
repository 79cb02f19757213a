import pytest
from django.contrib.auth.models import Group

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
