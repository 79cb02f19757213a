"""Campaign counting: every membership start inside a campaign's window counts once.

The `MembershipStart` ledger (members.memberships) is the truth. Its two writers
call in here inside their own transaction:

- `campaign_start_counted(start=...)` when a ledger row is first inserted (the
  insert is idempotent per reference, so replays never reach this function);
- `campaign_start_refunded(start=...)` when a start moves to refunded (once).

Each adds or removes one on the campaign's counter row and its day bucket with
`F()` updates, so two webhooks at once each count (the row lock serialises the
two updates instead of one overwriting the other) and the count is read in O(1).
`campaign_recount` rebuilds both from the ledger when a window changes.
"""

from datetime import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from members.analytics.readers import monthly_readers_measured
from members.memberships.models import Membership, MembershipStart
from newsroom.clock import newsroom_date, newsroom_timezone

from . import banner
from .models import (
    Campaign,
    CampaignCounter,
    CampaignDay,
    PublicSupporter,
    SupporterFigures,
)


def campaign_start_counted(*, start: MembershipStart) -> list[int]:
    """Add a newly recorded start to every campaign whose window contains it.

    Returns the ids of the campaigns that counted it.
    """
    # The new member sees the banner's thank-you right away, not minutes later. (A
    # paid gift has no member until it is redeemed.)
    if start.membership is not None:
        transaction.on_commit(partial(banner.member_cache_clear, start.membership.user_id))
    return _campaign_add(start=start, delta=1)


def campaign_start_refunded(*, start: MembershipStart) -> list[int]:
    """Take a start whose first payment was refunded off the campaigns that counted it."""
    return _campaign_add(start=start, delta=-1)


def _campaign_add(*, start: MembershipStart, delta: int) -> list[int]:
    day = newsroom_date(start.started_at)
    campaign_ids = list(Campaign.objects.containing(day).values_list("pk", flat=True))
    if not campaign_ids:
        return []
    with transaction.atomic():
        for campaign_id in campaign_ids:
            _counter_row(campaign_id)
            CampaignCounter.objects.filter(pk=campaign_id).update(members=F("members") + delta)
            _day_row(campaign_id, day)
            CampaignDay.objects.filter(campaign_id=campaign_id, day=day).update(
                members=F("members") + delta
            )
    # Other requests see the new count as soon as this transaction commits.
    transaction.on_commit(banner.campaign_cache_clear)
    return campaign_ids


def _counter_row(campaign_id: int) -> None:
    _get_or_create(CampaignCounter, campaign_id=campaign_id)


def _day_row(campaign_id: int, day) -> None:
    _get_or_create(CampaignDay, campaign_id=campaign_id, day=day)


def _get_or_create(model, **lookup) -> None:
    # The first start of a day races with its twin: on PostgreSQL the second INSERT
    # waits for the first transaction and then fails on the unique constraint; the
    # savepoint lets us carry on and update the row the winner made.
    if model.objects.filter(**lookup).exists():
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup)
    except IntegrityError:
        pass


def campaign_recount(*, campaign: Campaign) -> int:
    """Rebuild a campaign's counter and day buckets from the ledger; returns the count.

    Locks the counter row first, then reads the ledger: a start being recorded at
    the same moment either committed before (and is read here) or updates the
    counter after this transaction (and adds itself on top), so it counts once.
    """
    with transaction.atomic():
        _counter_row(campaign.pk)
        counter = CampaignCounter.objects.select_for_update().get(pk=campaign.pk)
        per_day = (
            MembershipStart.objects.filter(
                started_at__gte=campaign.window_start,
                started_at__lt=campaign.window_end,
                refunded_at__isnull=True,
            )
            .annotate(day=TruncDate("started_at", tzinfo=newsroom_timezone()))
            .values("day")
            .annotate(members=Count("pk"))
            .order_by("day")
        )
        buckets = {row["day"]: row["members"] for row in per_day}
        CampaignDay.objects.filter(campaign=campaign).delete()
        CampaignDay.objects.bulk_create(
            CampaignDay(campaign=campaign, day=day, members=members)
            for day, members in buckets.items()
        )
        counter.members = sum(buckets.values())
        counter.recounted_at = timezone.now()
        counter.save(update_fields=["members", "recounted_at"])
    transaction.on_commit(banner.campaign_cache_clear)
    return counter.members


def campaign_feature(*, campaign: Campaign) -> None:
    """Feature `campaign` site-wide, unfeaturing any other (at most one is featured)."""
    with transaction.atomic():
        Campaign.objects.featured().exclude(pk=campaign.pk).update(featured=False)
        Campaign.objects.filter(pk=campaign.pk).update(featured=True)
        campaign.featured = True
    transaction.on_commit(banner.campaign_cache_clear)


def supporter_figures_refresh(*, now: datetime | None = None) -> SupporterFigures:
    """Recompute the number of active supporters (live memberships) and stamp the time."""
    with transaction.atomic():
        figures, _ = SupporterFigures.objects.select_for_update().get_or_create(pk=1)
        figures.supporters = Membership.objects.live().count()
        figures.supporters_computed_at = now or timezone.now()
        readers, as_of = monthly_readers_measured(
            today=newsroom_date(figures.supporters_computed_at)
        )
        figures.measured_monthly_readers, figures.measured_readers_as_of = readers, as_of
        figures.save(
            update_fields=[
                "supporters",
                "supporters_computed_at",
                "measured_monthly_readers",
                "measured_readers_as_of",
                "updated_at",
            ]
        )
    return figures


def public_supporter_save(*, user, named: bool, first_name: str = "", city: str = "") -> None:
    """Store whether `user` may be named as a supporter (and as whom)."""
    if not named and not PublicSupporter.objects.filter(user=user).exists():
        return
    PublicSupporter.objects.update_or_create(
        user=user,
        defaults={"named": named, "first_name": first_name.strip(), "city": city.strip()}
        if named
        else {"named": False},
    )


def recent_supporters(*, campaign: Campaign, limit: int = 12) -> list[PublicSupporter]:
    """The latest opted-in members who started inside the campaign (newest first).

    Driven from the (few) opted-in supporters, each looking up their latest start
    through the membership index, rather than from the (many) starts in the window.
    """
    latest_start = (
        MembershipStart.objects.filter(
            membership__user=OuterRef("user"),
            started_at__gte=campaign.window_start,
            started_at__lt=campaign.window_end,
            refunded_at__isnull=True,
        )
        .order_by("-started_at")
        .values("started_at")[:1]
    )
    return list(
        PublicSupporter.objects.filter(named=True)
        .annotate(started_at=Subquery(latest_start))
        .filter(started_at__isnull=False)
        .order_by("-started_at")[:limit]
    )


def public_supporter_from_checkout(*, user, metadata: dict) -> None:
    """Apply the join form's "name me" choice once the paying account is known.

    Fulfilment can run again later (thank-you page reloads, late webhooks): a choice
    the member made since, on the account page, wins, so only a missing row is made.
    """
    if metadata.get("supporter_named") != "1" or not metadata.get("supporter_first_name"):
        return
    PublicSupporter.objects.get_or_create(
        user=user,
        defaults={
            "named": True,
            "first_name": metadata["supporter_first_name"].strip(),
            "city": metadata.get("supporter_city", "").strip(),
        },
    )
