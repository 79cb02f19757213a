"""What counts toward a campaign: starts inside its window, once each, minus refunds."""

import io
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from members.campaigns import services
from members.campaigns.banner import campaign_summary
from members.campaigns.models import CampaignCounter, CampaignDay, SupporterFigures
from members.memberships.models import Membership
from members.memberships.starts import membership_start_mark_refunded, membership_start_record
from tests.members.campaigns.factories import CampaignFactory, start_membership
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db

# Kyiv is UTC+2 in winter: midnight on 1 December there is 22:00 UTC on 30 November.
DECEMBER = {"starts_on": date(2026, 12, 1), "ends_on": date(2026, 12, 31)}


def counted(campaign) -> int:
    counter = CampaignCounter.objects.filter(campaign=campaign).first()
    return counter.members if counter else 0


def per_day(campaign) -> dict:
    return dict(CampaignDay.objects.filter(campaign=campaign).values_list("day", "members"))


@pytest.fixture(autouse=True)
def _kyiv(settings):
    settings.TIME_ZONE = "Europe/Kyiv"


def test_a_start_inside_the_window_counts_once_on_its_local_day():
    campaign = CampaignFactory(**DECEMBER)

    start_membership(started_at=datetime(2026, 12, 10, 23, 30, tzinfo=UTC))

    assert counted(campaign) == 1
    # 23:30 UTC on the 10th is 01:30 on the 11th in Kyiv.
    assert per_day(campaign) == {date(2026, 12, 11): 1}


@pytest.mark.parametrize(
    ("moment", "counts"),
    [
        (datetime(2026, 11, 30, 21, 59, 59, tzinfo=UTC), False),  # 23:59:59 on 30 Nov, Kyiv
        (datetime(2026, 11, 30, 22, 0, 0, tzinfo=UTC), True),  # midnight, 1 Dec, Kyiv
        (datetime(2026, 12, 31, 21, 59, 59, tzinfo=UTC), True),  # 23:59:59 on 31 Dec, Kyiv
        (datetime(2026, 12, 31, 22, 0, 0, tzinfo=UTC), False),  # midnight, 1 Jan, Kyiv
    ],
)
def test_window_boundaries_are_midnights_in_the_newsrooms_timezone(moment, counts):
    campaign = CampaignFactory(**DECEMBER)

    start_membership(started_at=moment)

    assert counted(campaign) == (1 if counts else 0)
    assert services.campaign_recount(campaign=campaign) == (1 if counts else 0)


def test_a_replayed_start_is_not_counted_again():
    campaign = CampaignFactory(**DECEMBER)
    start = start_membership(started_at=datetime(2026, 12, 5, 12, tzinfo=UTC))

    recorded_again = membership_start_record(
        membership=start.membership,
        source=start.source,
        reference=start.reference,
        started_at=start.started_at,
    )

    assert recorded_again is False
    assert counted(campaign) == 1


def test_a_gift_counts_when_paid_for_and_not_again_when_redeemed():
    campaign = CampaignFactory(**DECEMBER)
    paid_at = datetime(2026, 12, 5, 12, tzinfo=UTC)

    # How members/gifts records a paid gift: no member yet.
    membership_start_record(membership=None, source="gift", reference="gift:12", started_at=paid_at)
    assert counted(campaign) == 1

    # Redeemed later: the same reference, so the ledger does not count it again.
    recipient = MembershipFactory(source=Membership.Source.GIFT)
    membership_start_record(
        membership=recipient, source="gift", reference="gift:12", started_at=paid_at
    )
    assert counted(campaign) == 1


def test_a_refunded_gift_is_taken_off():
    campaign = CampaignFactory(**DECEMBER)
    paid_at = datetime(2026, 12, 5, 12, tzinfo=UTC)
    membership_start_record(membership=None, source="gift", reference="gift:12", started_at=paid_at)

    membership_start_mark_refunded(reference="gift:12")

    assert counted(campaign) == 0
    assert services.campaign_recount(campaign=campaign) == 0


def test_a_refunded_first_payment_is_taken_off_once():
    campaign = CampaignFactory(**DECEMBER)
    start_membership(started_at=datetime(2026, 12, 5, 12, tzinfo=UTC))
    refunded = start_membership(started_at=datetime(2026, 12, 6, 12, tzinfo=UTC))

    membership_start_mark_refunded(stripe_invoice_id=refunded.stripe_invoice_id)
    membership_start_mark_refunded(stripe_invoice_id=refunded.stripe_invoice_id)  # replay

    assert counted(campaign) == 1
    assert per_day(campaign) == {date(2026, 12, 5): 1, date(2026, 12, 6): 0}
    assert services.campaign_recount(campaign=campaign) == 1


def test_a_member_who_cancels_stays_counted():
    campaign = CampaignFactory(**DECEMBER)
    start = start_membership(started_at=datetime(2026, 12, 5, 12, tzinfo=UTC))

    start.membership.status = Membership.Status.ENDED
    start.membership.save()

    assert counted(campaign) == 1
    assert services.campaign_recount(campaign=campaign) == 1


def test_overlapping_campaigns_each_count_the_start():
    december = CampaignFactory(**DECEMBER)
    winter = CampaignFactory(starts_on=date(2026, 12, 1), ends_on=date(2027, 2, 28))
    autumn = CampaignFactory(starts_on=date(2026, 9, 1), ends_on=date(2026, 11, 30))

    start_membership(started_at=datetime(2026, 12, 24, 12, tzinfo=UTC))

    assert (counted(december), counted(winter), counted(autumn)) == (1, 1, 0)


def test_recount_after_moving_the_window_matches_the_ledger():
    campaign = CampaignFactory(**DECEMBER)
    start_membership(started_at=datetime(2026, 11, 20, 12, tzinfo=UTC))
    start_membership(started_at=datetime(2026, 12, 2, 12, tzinfo=UTC))
    start_membership(started_at=datetime(2026, 12, 2, 13, tzinfo=UTC))
    assert counted(campaign) == 2

    campaign.starts_on = date(2026, 11, 15)
    campaign.save()
    recounted = services.campaign_recount(campaign=campaign)

    assert recounted == counted(campaign) == 3
    assert per_day(campaign) == {date(2026, 11, 20): 1, date(2026, 12, 2): 2}


def test_starting_count_adds_to_the_counted_members():
    campaign = CampaignFactory(**DECEMBER, starting_count=600, goal=1000)
    for day in (3, 4):
        start_membership(started_at=datetime(2026, 12, day, 12, tzinfo=UTC))
    campaign.refresh_from_db()

    summary = campaign_summary(campaign)

    assert (summary["count"], summary["percent"], summary["reached"]) == (602, 60, False)


def test_the_recount_command_repairs_every_campaign_and_the_figures():
    campaign = CampaignFactory(**DECEMBER)
    start_membership(started_at=datetime(2026, 12, 5, 12, tzinfo=UTC))
    CampaignCounter.objects.filter(campaign=campaign).update(members=7)
    output = io.StringIO()

    call_command("campaigns_recount", stdout=output)

    assert counted(campaign) == 1
    assert f"{campaign}: 1 of 1,000" in output.getvalue()
    assert SupporterFigures.objects.get().supporters == 1
