"""Two starts at the same moment both count; the same start twice counts once (PostgreSQL).

SQLite serialises every write, so these races only exist on PostgreSQL.
"""

import threading
import time
import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from members.campaigns.models import CampaignCounter, CampaignDay
from members.memberships.models import MembershipStart
from members.memberships.starts import membership_start_record
from tests.members.campaigns.factories import CampaignFactory
from tests.members.factories import MembershipFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL race"),
]

MOMENT = datetime(2026, 12, 5, 12, tzinfo=UTC)


def _record_slowly(membership, reference: str, recorded: threading.Event, errors: list) -> None:
    """Record a start and keep the transaction open a moment, holding its row locks."""
    try:
        with transaction.atomic():
            membership_start_record(
                membership=membership, source="subscription", reference=reference, started_at=MOMENT
            )
            recorded.set()
            time.sleep(0.5)
    except Exception as error:  # surfaced by the test
        errors.append(error)
    finally:
        recorded.set()
        connection.close()


def _record(membership, reference: str, errors: list) -> None:
    try:
        membership_start_record(
            membership=membership, source="subscription", reference=reference, started_at=MOMENT
        )
    except Exception as error:
        errors.append(error)
    finally:
        connection.close()


def _race(first: tuple, second: tuple) -> list:
    """Run the second recording while the first one's transaction is still open."""
    recorded, errors = threading.Event(), []
    slow = threading.Thread(target=_record_slowly, args=(*first, recorded, errors))
    slow.start()
    recorded.wait(5)
    fast = threading.Thread(target=_record, args=(*second, errors))
    fast.start()
    slow.join(10)
    fast.join(10)
    return errors


def test_two_new_members_at_the_same_moment_both_count():
    campaign = CampaignFactory()
    one, two = MembershipFactory(), MembershipFactory()

    errors = _race((one, f"sub_{uuid.uuid4().hex}"), (two, f"sub_{uuid.uuid4().hex}"))

    assert errors == []
    assert CampaignCounter.objects.get(campaign=campaign).members == 2
    assert CampaignDay.objects.get(campaign=campaign).members == 2


def test_the_same_start_delivered_twice_at_once_counts_once():
    campaign = CampaignFactory()
    membership = MembershipFactory()

    errors = _race((membership, "sub_replayed"), (membership, "sub_replayed"))

    assert errors == []
    assert MembershipStart.objects.filter(reference="sub_replayed").count() == 1
    assert CampaignCounter.objects.get(campaign=campaign).members == 1
