from io import StringIO

from members import demo
from members.newsletters import access
from members.newsletters.models import Newsletter
from tests.articles.factories import AuthorFactory


def test_the_demo_newsletters_load_once(db):
    AuthorFactory(name="Halyna Moroz", slug="halyna-moroz")
    demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())
    assert Newsletter.objects.count() == 4
    assert Newsletter.objects.filter(members_only=True).count() == 1
    assert Newsletter.objects.get(author__isnull=False).author.name == "Halyna Moroz"
    assert Newsletter.objects.filter(is_featured=True).count() == 1


def test_nobody_is_a_member_before_the_memberships_app_exists(reader):
    # On this branch `members.Membership` does not exist yet; the check must not
    # fail, and must not let anyone in.
    assert access.reader_is_active_member(reader) is False
    assert access.reader_is_active_member(None) is False
