"""The admin dashboard: its figures equal a direct count, in a fixed number of queries."""

import csv
import io
import random
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse

from members.analytics.buffer import Record, buffer_append
from members.analytics.flush import analytics_flush
from members.analytics.models import Conversion, EventDay, PageDay, SiteDay
from members.memberships.models import Membership
from newsroom.clock import newsroom_timezone, newsroom_today
from tests.articles.factories import ArticleFactory
from tests.factories import UserFactory
from tests.members.campaigns.factories import CampaignFactory, start_membership

pytestmark = pytest.mark.django_db

URL = reverse("admin:members_siteday_changelist")


@pytest.fixture
def generated():
    """Two weeks of generated views, events and paid members, and their direct counts."""
    rng = random.Random(2026)
    today = newsroom_today()
    articles = ArticleFactory.create_batch(4)
    campaign = CampaignFactory(
        starts_on=today - timedelta(days=20), ends_on=today + timedelta(days=20)
    )
    expected = {"views": 0, "members": 0, "gifts": 0, "impressions": 0, "article_views": {}}
    for offset in range(14):
        day = today - timedelta(days=offset)
        for _ in range(rng.randrange(20, 60)):
            article = rng.choice(articles)
            buffer_append(
                Record(
                    kind="view",
                    day=day.isoformat(),
                    path=article.get_absolute_url(),
                    reader=rng.randrange(-(2**63), 2**63),
                )
            )
            expected["views"] += 1
            expected["article_views"][article.pk] = expected["article_views"].get(article.pk, 0) + 1
        for _ in range(rng.randrange(0, 5)):
            buffer_append(
                Record(kind="banner_impression", day=day.isoformat(), campaign_id=campaign.pk)
            )
            expected["impressions"] += 1
        moment = datetime.combine(day, time(12), tzinfo=newsroom_timezone())
        for _ in range(rng.randrange(0, 3)):
            start_membership(started_at=moment)
            expected["members"] += 1
        if offset % 3 == 0:
            start_membership(started_at=moment, source=Membership.Source.GIFT)
            expected["gifts"] += 1
    analytics_flush()
    Conversion.objects.create(
        kind="membership",
        reference="sub_test_1",
        paid_at=datetime.combine(today, time(12), tzinfo=newsroom_timezone()),
        day=today,
        article=articles[0],
        campaign_id=campaign.pk,
        via="banner",
    )
    return {"expected": expected, "articles": articles, "campaign": campaign, "today": today}


def test_the_dashboard_figures_equal_a_direct_count(admin_client, generated):
    expected = generated["expected"]
    response = admin_client.get(URL)
    board = response.context["board"]

    assert response.status_code == 200
    assert (
        board.totals["views"]
        == expected["views"]
        == sum(SiteDay.objects.values_list("views", flat=True))
    )
    assert board.totals["members"] == expected["members"]
    assert board.totals["gifts"] == expected["gifts"]
    assert (
        sum(PageDay.objects.values_list("readers", flat=True)) == expected["views"]
    )  # all distinct
    by_article = {row.article_id: row.views for row in board.top_by_readers}
    assert by_article == expected["article_views"]
    funnel = {row.campaign_id: row.steps for row in board.funnel}
    assert funnel[generated["campaign"].pk] == {
        "banner_impression": expected["impressions"],
        "paid": 1,
    }
    credited = board.top_by_members[0]
    assert (credited.article_id, credited.members) == (generated["articles"][0].pk, 1)
    assert credited.conversion_percent == round(100 / credited.readers, 2)


def test_the_dashboard_query_budget_does_not_grow_with_data(
    admin_client, generated, django_assert_num_queries
):
    campaign = generated["campaign"]
    admin_client.get(URL)  # warm the session and the admin's caches
    # session, user, the chosen campaign (form), site days, ledger starts per day,
    # campaign days (pace), funnel events, funnel paid, campaign names, top articles
    # by readers, by members, their readers, their members, referrers, UTM,
    # newsletter signups, the admin sidebar's supporter-figures check, the campaign
    # choices rendered in the filter
    with django_assert_num_queries(18):
        admin_client.get(URL, {"campaign": campaign.pk})
    for _ in range(200):
        buffer_append(
            Record(kind="view", day=generated["today"].isoformat(), path=f"/x/{_}/", reader=_)
        )
    analytics_flush()
    with django_assert_num_queries(18):
        admin_client.get(URL, {"campaign": campaign.pk})


def test_the_pace_chart_shows_with_a_campaign(admin_client, generated):
    response = admin_client.get(URL, {"campaign": generated["campaign"].pk})
    assert b"analytics-chart__pace" in response.content
    assert response.context["board"].pace_chart.lines["pace"]


def test_the_csv_export_has_one_row_per_day_and_the_articles(admin_client, generated):
    response = admin_client.get(URL, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0] == ["day", "page views", "unique readers", "new members", "gifts paid"]
    days = rows[1 : rows.index([])]
    assert len(days) == 30
    assert sum(int(row[1]) for row in days) == generated["expected"]["views"]
    assert {row[0] for row in rows[rows.index([]) + 2 :]} == {
        a.headline for a in generated["articles"]
    }


def test_a_bad_range_says_so_and_shows_the_default(admin_client, db):
    response = admin_client.get(URL, {"start": "2026-12-10", "end": "2026-12-01"})
    assert response.status_code == 200
    assert b"must end on or after" in response.content
    assert response.context["board"].end == newsroom_today()


def test_staff_without_permission_cannot_see_it(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(URL).status_code == 403


def test_an_empty_dashboard_renders(admin_client, db):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert not EventDay.objects.exists()
