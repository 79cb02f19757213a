"""The bulk generator (small N here; `make bench` runs a million) and the counter with it."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from members.campaigns.models import CampaignCounter, CampaignDay
from members.memberships.models import Membership, MembershipStart
from tests.members.campaigns.factories import start_membership

pytestmark = pytest.mark.django_db


def test_generated_members_are_counted_exactly_and_cost_no_extra_queries(
    client, campaign, django_assert_num_queries
):
    call_command("campaigns_generate_members", count=250)

    in_window = MembershipStart.objects.filter(
        started_at__gte=campaign.window_start, started_at__lt=campaign.window_end
    ).count()
    assert Membership.objects.count() == 250
    assert in_window == 250
    assert CampaignCounter.objects.get(campaign=campaign).members == 250
    assert sum(CampaignDay.objects.values_list("members", flat=True)) == 250
    assert CampaignDay.objects.count() > 1  # spread over the days so far

    with django_assert_num_queries(2):
        # 1. the header's sections, 2. the featured campaign joined with its counter
        client.get("/accounts/login/")
    with django_assert_num_queries(0):
        # the header's sections and the banner come from the cache
        response = client.get("/accounts/login/")
    assert "<strong>250</strong> of 1,000" in response.content.decode()

    start_membership()
    assert CampaignCounter.objects.get(campaign=campaign).members == 251


def test_generated_members_can_be_removed(campaign):
    call_command("campaigns_generate_members", count=30)

    call_command("campaigns_generate_members", delete=True)

    assert not Membership.objects.exists()
    assert CampaignCounter.objects.get(campaign=campaign).members == 0


def test_the_progress_page_costs_the_same_with_generated_members(
    client, campaign, django_assert_num_queries
):
    url = reverse("members:campaign-progress", kwargs={"slug": campaign.slug})
    client.get(url)
    with django_assert_num_queries(4):
        # 1. the campaign and its counter, 2. its days, 3. the supporter figures,
        # 4. recent named supporters; the header's sections and the banner are cached
        client.get(url)

    call_command("campaigns_generate_members", count=300)
    client.get(url)
    with django_assert_num_queries(4):
        # the same four
        response = client.get(url)
    assert "<strong>300</strong> of 1,000" in response.content.decode()
