from io import StringIO

from django.contrib.auth.models import AnonymousUser

from members import demo
from members.memberships.models import Membership
from members.newsletters import access
from members.newsletters.models import Newsletter
from tests.articles.factories import AuthorFactory
from tests.members.factories import MembershipFactory


def test_the_demo_newsletters_load_once(db):
    AuthorFactory(name="Halyna Moroz", slug="halyna-moroz")
    demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())
    assert Newsletter.objects.in_edition("en").count() == 4
    assert Newsletter.objects.in_edition("uk").count() == 1
    assert Newsletter.objects.filter(members_only=True).count() == 1
    assert Newsletter.objects.get(author__isnull=False).author.name == "Halyna Moroz"
    # One featured newsletter per edition.
    assert Newsletter.objects.in_edition("en").filter(is_featured=True).count() == 1
    assert Newsletter.objects.in_edition("uk").filter(is_featured=True).count() == 1


def test_only_readers_with_a_live_membership_get_members_only_newsletters(reader):
    assert access.reader_is_active_member(reader) is False  # no membership
    assert access.reader_is_active_member(None) is False
    assert access.reader_is_active_member(AnonymousUser()) is False

    membership = MembershipFactory(user=reader, status=Membership.Status.PAST_DUE)
    assert access.reader_is_active_member(reader) is True  # Stripe is retrying the card

    membership.status = Membership.Status.ENDED
    membership.save()
    assert access.reader_is_active_member(reader) is False
