"""Two people redeem the same code at the same moment: exactly one gets it."""

import threading

import pytest
from django.db import close_old_connections, connection

from members.gifts.models import Gift
from members.gifts.redeeming import GiftNotRedeemable, gift_redeem
from members.memberships.models import Membership, MembershipStart
from tests.factories import UserFactory

from .factories import GiftFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite has none)"
    ),
]


def test_a_code_redeemed_from_two_threads_at_once_makes_one_membership():
    gift = GiftFactory()
    MembershipStart.objects.create(reference=f"gift:{gift.pk}", source="gift")
    users = [UserFactory(), UserFactory()]
    start = threading.Barrier(len(users))
    outcomes: list[str] = []

    def redeem(user):
        try:
            start.wait(timeout=10)
            gift_redeem(code=gift.code, user=user)
            outcomes.append("redeemed")
        except GiftNotRedeemable as refusal:
            outcomes.append(refusal.reason)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=redeem, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["redeemed", "used"]
    gift.refresh_from_db()
    assert gift.status == Gift.Status.REDEEMED
    assert Membership.objects.live().count() == 1
    assert Membership.objects.get().user == gift.redeemed_by
    assert MembershipStart.objects.get().membership.user == gift.redeemed_by
