"""Editors manage campaigns in the admin: progress, what counts, windows, featuring."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from members.campaigns.models import Campaign, CampaignCounter, SupporterFigures
from tests.members.campaigns.factories import CampaignFactory, start_membership
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def form_data(campaign: Campaign, **changes) -> dict:
    data = {
        "name": campaign.name,
        "slug": campaign.slug,
        "featured": "on" if campaign.featured else "",
        "goal": campaign.goal,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "starting_count": campaign.starting_count,
        "banner_text": campaign.banner_text,
        "member_button_label": campaign.member_button_label,
        "gift_button_label": campaign.gift_button_label,
        "thanks_text": campaign.thanks_text,
        "appeal": campaign.appeal,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_the_list_shows_each_campaigns_progress(client, editor):
    CampaignFactory(starting_count=640)
    client.force_login(editor)

    html = client.get(reverse("admin:members_campaign_changelist")).content.decode()

    assert "640 of 1,000 new members (64%)" in html


def test_the_form_says_what_counts(client, editor):
    campaign = CampaignFactory()
    client.force_login(editor)

    html = client.get(reverse("admin:members_campaign_change", args=[campaign.pk])).content
    assert b"A member who later cancels stays counted" in html


def test_moving_the_window_recounts_from_the_ledger(client, editor):
    campaign = CampaignFactory(starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 31))
    start_membership(started_at=datetime(2026, 11, 20, 12, tzinfo=UTC))  # before the window
    start_membership(started_at=datetime(2026, 12, 2, 12, tzinfo=UTC))
    client.force_login(editor)

    response = client.post(
        reverse("admin:members_campaign_change", args=[campaign.pk]),
        form_data(campaign, starts_on="2026-11-15"),
        follow=True,
    )

    assert "Counted 2 new members in the window from the ledger." in response.content.decode()
    assert CampaignCounter.objects.get(campaign=campaign).members == 2


def test_a_new_campaign_counts_the_starts_already_in_its_window(client, editor):
    start_membership(started_at=datetime(2026, 12, 2, 12, tzinfo=UTC))
    client.force_login(editor)
    draft = Campaign(
        name="Winter",
        slug="winter",
        goal=100,
        starts_on=date(2026, 12, 1),
        ends_on=date(2026, 12, 31),
        banner_text="Join us this winter.",
    )

    client.post(reverse("admin:members_campaign_add"), form_data(draft))

    assert CampaignCounter.objects.get(campaign__slug="winter").members == 1


def test_featuring_a_campaign_unfeatures_the_other(client, editor):
    old = CampaignFactory(featured=True)
    new = CampaignFactory()
    client.force_login(editor)

    response = client.post(
        reverse("admin:members_campaign_change", args=[new.pk]), form_data(new, featured="on")
    )

    assert response.status_code == 302
    assert list(Campaign.objects.featured()) == [new]
    old.refresh_from_db()
    assert old.featured is False


def test_the_recount_action_repairs_a_counter(client, editor):
    campaign = CampaignFactory(starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 31))
    start_membership(started_at=datetime(2026, 12, 2, 12, tzinfo=UTC))
    CampaignCounter.objects.filter(campaign=campaign).update(members=99)
    client.force_login(editor)

    client.post(
        reverse("admin:members_campaign_changelist"),
        {"action": "recount", "_selected_action": [campaign.pk]},
    )

    assert CampaignCounter.objects.get(campaign=campaign).members == 1


def test_editors_recompute_the_supporter_figures(client, editor):
    MembershipFactory()
    MembershipFactory()
    SupporterFigures.objects.create(pk=1)
    client.force_login(editor)

    response = client.post(
        reverse("admin:members_supporterfigures_changelist"),
        {"action": "refresh", "_selected_action": [1]},
        follow=True,
    )

    assert "2 active supporters." in response.content.decode()
    figures = SupporterFigures.objects.get()
    assert figures.supporters == 2
    assert figures.supporters_computed_at is not None


def test_campaign_admin_is_for_staff_only(client, reader):
    client.force_login(reader)

    response = client.get(reverse("admin:members_campaign_changelist"))

    assert response.status_code == 302
