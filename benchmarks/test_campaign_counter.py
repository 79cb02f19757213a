"""A million memberships: the banner's queries stay the same and the counter stays exact.

    make bench                       # SQLite
    DATABASE_URL=postgres://... make bench

Set BENCH_MEMBERS to try another size (default 1,000,000).
"""

import os
import statistics
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.campaigns import banner, services
from members.campaigns.models import Campaign, CampaignCounter
from members.memberships import generate
from members.memberships.models import Membership, MembershipStart
from members.memberships.starts import membership_start_mark_refunded, membership_start_record
from newsroom.clock import newsroom_today

MEMBERS = int(os.environ.get("BENCH_MEMBERS", "1000000"))
pytestmark = pytest.mark.django_db


def _timed(function, repeat: int = 50) -> float:
    """The median time of `function`, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def test_a_million_members(capsys):
    today = newsroom_today()
    campaign = Campaign.objects.create(
        name="1,000,000 members",
        slug="million",
        goal=1_000_000,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=30),
        banner_text="Join a million readers.",
        featured=True,
    )
    client = Client()

    # Small: the query counts to compare with.
    cache.clear()
    page = "/accounts/login/"  # its only own query: the header's sections (cold cache)
    small_cold, small_warm = _queries(lambda: client.get(page)), _queries(lambda: client.get(page))

    started = time.perf_counter()
    starts_from, seconds = generate.default_spread(campaign)
    generate.generated_members_create(count=MEMBERS, starts_from=starts_from, seconds=seconds)
    generated_seconds = time.perf_counter() - started

    # Exact: the counter equals a COUNT over the ledger.
    in_window = MembershipStart.objects.filter(
        started_at__gte=campaign.window_start,
        started_at__lt=campaign.window_end,
        refunded_at__isnull=True,
    ).count()
    assert Membership.objects.count() == MEMBERS
    assert CampaignCounter.objects.get(campaign=campaign).members == in_window == MEMBERS

    # The same queries with a million rows.
    cache.clear()
    assert _queries(lambda: client.get(page)) == small_cold == 2
    assert _queries(lambda: client.get(page)) == small_warm == 0
    assert f"<strong>{MEMBERS:,}</strong> of 1,000,000" in client.get("/").content.decode()

    # A new member, a replay and a refund: +1, +0, -1, each in a few milliseconds.
    user = get_user_model().objects.create_user(email="bench@example.com", password=None)
    membership = Membership.objects.create(user=user, status=Membership.Status.ACTIVE)
    started = time.perf_counter()
    membership_start_record(
        membership=membership,
        source="subscription",
        reference="sub_bench",
        stripe_invoice_id="in_bench",
    )
    record_ms = (time.perf_counter() - started) * 1000
    membership_start_record(membership=membership, source="subscription", reference="sub_bench")
    assert CampaignCounter.objects.get(campaign=campaign).members == MEMBERS + 1
    membership_start_mark_refunded(stripe_invoice_id="in_bench")
    assert CampaignCounter.objects.get(campaign=campaign).members == MEMBERS

    # Reading the counter cold is one indexed row, whatever the size.
    def cold_banner():
        banner.campaign_cache_clear()
        client.get(page)

    cold_ms = _timed(cold_banner)
    warm_ms = _timed(lambda: client.get(page))
    progress_url = reverse("members:campaign-progress", kwargs={"slug": campaign.slug})
    client.get(progress_url)
    progress_queries = _queries(lambda: client.get(progress_url))
    progress_ms = _timed(lambda: client.get(progress_url), repeat=10)

    started = time.perf_counter()
    recounted = services.campaign_recount(campaign=campaign)
    recount_seconds = time.perf_counter() - started
    assert recounted == MEMBERS

    with capsys.disabled():
        print(
            f"\n{connection.vendor}, {MEMBERS:,} members: generated in {generated_seconds:.1f} s; "
            f"page with banner {cold_ms:.1f} ms cold / {warm_ms:.1f} ms warm; "
            f"recording a start {record_ms:.1f} ms; progress page {progress_ms:.1f} ms "
            f"({progress_queries} queries); recount from the ledger {recount_seconds:.1f} s"
        )
    assert progress_queries == 4
    # Targets (generous: CI machines are shared). Reads are O(1): neither a page with
    # the banner nor recording a start may notice the million rows.
    assert cold_ms < 100
    assert warm_ms < 50
    assert record_ms < 200
    assert progress_ms < 500
