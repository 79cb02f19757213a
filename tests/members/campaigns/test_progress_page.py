"""The campaign's progress page: count, pace, days left, chart, supporters, figures."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members.campaigns.models import PublicSupporter, SupporterFigures
from members.campaigns.services import campaign_recount
from members.memberships.starts import membership_start_mark_refunded
from newsroom.clock import newsroom_today
from tests.factories import UserFactory
from tests.members.campaigns.factories import start_membership
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def page(client, campaign) -> str:
    response = client.get(reverse("members:campaign-progress", kwargs={"slug": campaign.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_count_goal_percentage_days_left_and_pace(client, campaign):
    # The fixture's campaign runs 40 days, today is its 10th: 250 by tonight is on pace.
    campaign.starting_count = 120
    campaign.save()
    for _ in range(3):
        start_membership()

    html = page(client, campaign)

    assert "<strong>123</strong> of 1,000 new members" in html
    assert 'max="1000" value="123"' in html
    assert "12% of the goal, 877 to go." in html
    assert "31 days left" in html
    assert "we should be at 250 by the end of today: we are 127 behind." in html


def test_it_draws_new_members_per_day_as_a_chart_and_a_table(client, campaign):
    now = timezone.now()
    start_membership(started_at=now - timedelta(days=2))
    start_membership(started_at=now)
    start_membership(started_at=now)

    html = page(client, campaign)

    # One bar per day so far (10), the tallest being today's 2.
    assert html.count('class="campaign-chart__bar"') == 10
    assert 'height="160.0"' in html
    assert "at most 2 new members on one day" in html
    today = newsroom_today()
    assert f'<th scope="row">{today:%-d %B %Y}</th><td>2</td>' in html
    assert f'<th scope="row">{today - timedelta(days=1):%-d %B %Y}</th><td>0</td>' in html


def test_milestones_appear_as_they_are_reached(client, campaign):
    campaign.starting_count = 500
    campaign.save()

    html = page(client, campaign)

    assert "A quarter of the way there" in html
    assert "Halfway!" in html
    assert "Three quarters done" not in html


def test_a_reached_goal_says_so_and_keeps_counting(client, campaign):
    campaign.starting_count = 999
    campaign.save()
    start_membership()
    start_membership()

    html = page(client, campaign)

    assert "<strong>1,001</strong> of 1,000 new members" in html
    assert "100% of the goal. <strong>We reached our goal</strong>, and we keep counting" in html
    assert "Goal reached! We keep counting" in html
    assert 'max="1000" value="1000"' in html


def test_it_names_recent_supporters_who_opted_in_and_only_them(client, campaign):
    named, shy, refunded = UserFactory(), UserFactory(), UserFactory()
    PublicSupporter.objects.create(user=named, first_name="Oksana", city="Lviv")
    PublicSupporter.objects.create(user=shy, first_name="Taras", city="Odesa", named=False)
    PublicSupporter.objects.create(user=refunded, first_name="Petro", city="Dnipro")
    start_membership(user=named)
    start_membership(user=shy)
    start = start_membership(user=refunded)
    membership_start_mark_refunded(stripe_invoice_id=start.stripe_invoice_id)

    html = page(client, campaign)

    assert "Oksana from Lviv" in html
    assert "Taras" not in html
    assert "Petro" not in html


def test_supporter_figures_come_from_our_data(client, campaign):
    for _ in range(3):
        MembershipFactory()
    SupporterFigures.objects.create(pk=1, monthly_readers=30_000)

    html = page(client, campaign)
    # Showing the page changes nothing: the periodic jobs recount (hourly).
    assert SupporterFigures.objects.get().supporters_computed_at is None
    assert "supporters fund our reporting" not in html

    call_command("campaigns_recount", stdout=StringIO())

    assert SupporterFigures.objects.get().supporters == 3
    html = page(client, campaign)
    assert "30,000 people read us every month" in html
    assert "own estimate)</span>, and only about one in 10,000 contributes." in html
    assert "3 supporters fund our reporting today" in html


def test_one_in_n_readers_uses_the_measured_readers_without_an_override(client, campaign):
    from members.analytics.models import SiteDay
    from newsroom.clock import newsroom_today

    for _ in range(3):
        MembershipFactory()
    yesterday = newsroom_today() - timedelta(days=1)
    SiteDay.objects.create(day=yesterday, views=40_000, readers=20_000)
    SiteDay.objects.create(day=yesterday - timedelta(days=1), views=30_000, readers=10_000)
    SiteDay.objects.create(day=yesterday - timedelta(days=40), views=1, readers=99_999)  # too old
    SiteDay.objects.create(day=newsroom_today(), views=1, readers=77_777)  # today isn't over

    call_command("campaigns_recount", stdout=StringIO())
    html = page(client, campaign)

    figures = SupporterFigures.objects.get()
    assert figures.measured_monthly_readers == 30_000
    assert "Over the last 30 days we counted 30,000 reader-days" in html
    assert "only about one in 10,000 contributes." in html


def test_stale_supporter_figures_are_left_out(client, campaign):
    SupporterFigures.objects.create(
        pk=1, supporters=12_000, supporters_computed_at=timezone.now() - timedelta(days=3)
    )
    MembershipFactory()
    # The periodic recount has not run for three days.

    html = page(client, campaign)

    assert "12,000 supporters" not in html
    assert "supporters fund our reporting" not in html


def test_an_editors_override_wins(client, campaign):
    SupporterFigures.objects.create(pk=1, supporters_override=12_000)

    assert "12,000 supporters fund our reporting today" in page(client, campaign)


def test_the_featured_campaign_has_a_short_address_that_shows_the_page_itself(client, campaign):
    response = client.get(reverse("members:campaign"))

    # No redirect: the page is served at /campaign/, pointing search engines at its slug.
    assert response.status_code == 200
    html = response.content.decode()
    assert campaign.name in html
    canonical = reverse("members:campaign-progress", kwargs={"slug": campaign.slug})
    assert f'<link rel="canonical" href="http://testserver{canonical}">' in html


def test_an_unknown_campaign_is_not_found(client, db):
    assert (
        client.get(reverse("members:campaign-progress", kwargs={"slug": "nope"})).status_code == 404
    )


def test_the_page_costs_the_same_queries_however_many_members(
    client, campaign, django_assert_num_queries
):
    for _ in range(20):
        start_membership()
    campaign_recount(campaign=campaign)
    url = reverse("members:campaign-progress", kwargs={"slug": campaign.slug})
    client.get(url)  # caches the banner and runs the hourly figures recount

    with django_assert_num_queries(4):
        # 1. the campaign and its counter, 2. its days, 3. the supporter figures,
        # 4. recent named supporters; the header's sections and the banner are cached
        response = client.get(url)

    assert "<strong>20</strong> of 1,000" in response.content.decode()


def test_the_chart_draws_cumulative_members_against_the_pace_line(client, campaign):
    from members.campaigns.progress import campaign_progress

    progress = campaign_progress(campaign)
    html = page(client, campaign)

    assert progress.pace_chart is not None
    members_points = progress.pace_chart.lines["members"].split()
    pace_points = progress.pace_chart.lines["pace"].split()
    # The pace line spans the whole campaign and ends at the goal (the top); the
    # members line stops today.
    assert len(pace_points) == progress.days_total
    assert pace_points[-1].endswith(",0.0")
    assert len(members_points) == len(progress.days)
    assert progress.pace_chart.lines["pace"] in html
