"""The reader analytics dashboard's figures, read from the daily roll-ups.

The number of queries is fixed (see the budget in tests), and each reads roll-up
rows (days x pages), never raw views, so the dashboard costs the same with ten
million stored views as with ten. Readers over a range are the sum of each day's
unique readers: with a salt that changes daily, a reader who comes back on another
day cannot be recognised, and counts again.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate

from members.campaigns.models import Campaign
from members.memberships.models import Membership, MembershipStart
from newsroom.clock import newsroom_timezone, newsroom_today

from . import charts
from .models import Conversion, EventDay, PageDay, ReferrerDay, SiteDay, UtmDay

TOP = 10
FUNNEL = ["banner_impression", "banner_click", "membership_page", "checkout_started", "paid"]


@dataclass
class ArticleRow:
    article_id: int
    headline: str
    readers: int = 0
    views: int = 0
    members: int = 0

    @property
    def conversion_percent(self) -> float | None:
        """New members per 100 readers (None with no readers)."""
        return round(100 * self.members / self.readers, 2) if self.readers else None


@dataclass
class FunnelRow:
    campaign_id: int
    name: str
    steps: dict[str, int]

    @property
    def bars(self) -> list[tuple[str, int, float]]:
        """(step, count, percent of the first step) for the funnel's horizontal bars."""
        top = self.steps.get(FUNNEL[0]) or max(self.steps.values(), default=0) or 1
        return [
            (step, self.steps.get(step, 0), min(100, round(100 * self.steps.get(step, 0) / top, 1)))
            for step in FUNNEL
        ]


@dataclass
class Dashboard:
    start: date
    end: date
    campaign: Campaign | None
    days: list[dict] = field(default_factory=list)
    readers_chart: charts.Chart | None = None
    members_chart: charts.Chart | None = None
    pace_chart: charts.Chart | None = None
    totals: dict = field(default_factory=dict)
    funnel: list[FunnelRow] = field(default_factory=list)
    top_by_readers: list[ArticleRow] = field(default_factory=list)
    top_by_members: list[ArticleRow] = field(default_factory=list)
    referrers: list[tuple[str, int]] = field(default_factory=list)
    utm: list[tuple[str, str, str, int]] = field(default_factory=list)
    newsletter_sources: list[tuple[str, int]] = field(default_factory=list)


def default_range(today: date | None = None) -> tuple[date, date]:
    today = today or newsroom_today()
    return today - timedelta(days=29), today


def dashboard_build(*, start: date, end: date, campaign: Campaign | None = None) -> Dashboard:
    board = Dashboard(start=start, end=end, campaign=campaign)
    span = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    in_range = Q(day__gte=start, day__lte=end)

    site = {
        row["day"]: row
        for row in SiteDay.objects.filter(in_range).values("day", "views", "readers")
    }
    starts = _starts_per_day(start, end)
    for day in span:
        board.days.append(
            {
                "day": day,
                "views": site.get(day, {}).get("views", 0),
                "readers": site.get(day, {}).get("readers", 0),
                "members": starts.get((day, Membership.Source.SUBSCRIPTION), 0),
                "gifts": starts.get((day, Membership.Source.GIFT), 0),
            }
        )
    board.readers_chart = charts.bar_chart([(row["day"], row["readers"]) for row in board.days])
    board.members_chart = charts.bar_chart(
        [(row["day"], row["members"] + row["gifts"]) for row in board.days]
    )
    board.totals = {
        name: sum(row[name] for row in board.days)
        for name in ("views", "readers", "members", "gifts")
    }
    if campaign is not None:
        board.pace_chart = _pace_chart(campaign)

    board.funnel = _funnel(in_range, campaign)
    board.top_by_readers, board.top_by_members = _articles(in_range)
    board.referrers = list(
        ReferrerDay.objects.filter(in_range)
        .values("domain")
        .annotate(total=Sum("views"))
        .order_by("-total", "domain")
        .values_list("domain", "total")[:TOP]
    )
    board.utm = list(
        UtmDay.objects.filter(in_range)
        .values("source", "medium", "campaign")
        .annotate(total=Sum("views"))
        .order_by("-total", "source")
        .values_list("source", "medium", "campaign", "total")[:TOP]
    )
    board.newsletter_sources = list(
        EventDay.objects.filter(in_range, kind=EventDay.Kind.NEWSLETTER_SIGNUP)
        .values("detail")
        .annotate(total=Sum("count"))
        .order_by("-total", "detail")
        .values_list("detail", "total")[:TOP]
    )
    return board


def _starts_per_day(start: date, end: date) -> dict[tuple[date, str], int]:
    """Memberships and gifts paid per newsroom day, from the membership ledger (one query)."""
    tz = newsroom_timezone()
    rows = (
        MembershipStart.objects.filter(
            refunded_at__isnull=True, started_at__date__gte=start, started_at__date__lte=end
        )
        .annotate(day=TruncDate("started_at", tzinfo=tz))
        .values("day", "source")
        .annotate(total=Count("pk"))
    )
    return {(row["day"], row["source"]): row["total"] for row in rows}


def _pace_chart(campaign: Campaign) -> charts.Chart | None:
    """Cumulative new members of the campaign against its pace line to the goal (one query)."""
    from members.campaigns.progress import campaign_progress

    return campaign_progress(campaign).pace_chart


def _funnel(in_range: Q, campaign: Campaign | None) -> list[FunnelRow]:
    """Per campaign: banner impressions, clicks, membership page views, checkouts, paid."""
    events = EventDay.objects.filter(in_range).exclude(campaign_id=0)
    paid = Conversion.objects.filter(in_range).exclude(campaign_id=0)
    if campaign is not None:
        events = events.filter(campaign_id=campaign.pk)
        paid = paid.filter(campaign_id=campaign.pk)
    steps: dict[int, dict[str, int]] = {}
    for campaign_id, kind, total in (
        events.values("campaign_id", "kind")
        .annotate(total=Sum("count"))
        .values_list("campaign_id", "kind", "total")
    ):
        steps.setdefault(campaign_id, {})[kind] = total
    for campaign_id, total in (
        paid.values("campaign_id").annotate(total=Count("pk")).values_list("campaign_id", "total")
    ):
        steps.setdefault(campaign_id, {})["paid"] = total
    names = dict(Campaign.objects.filter(pk__in=steps).values_list("pk", "name"))
    return [
        FunnelRow(campaign_id, names.get(campaign_id, f"Deleted campaign {campaign_id}"), counts)
        for campaign_id, counts in sorted(steps.items())
    ]


def _articles(in_range: Q) -> tuple[list[ArticleRow], list[ArticleRow]]:
    """Top articles by readers and by members gained (four queries)."""
    by_readers = list(
        PageDay.objects.filter(in_range, article__isnull=False)
        .values("article_id", "article__headline")
        .annotate(readers=Sum("readers"), views=Sum("views"))
        .order_by("-readers", "article_id")[:TOP]
    )
    by_members = list(
        Conversion.objects.filter(in_range, article__isnull=False)
        .values("article_id", "article__headline")
        .annotate(members=Count("pk"))
        .order_by("-members", "article_id")[:TOP]
    )
    rows: dict[int, ArticleRow] = {}
    for row in by_readers:
        rows[row["article_id"]] = ArticleRow(
            row["article_id"], row["article__headline"], readers=row["readers"], views=row["views"]
        )
    for row in by_members:
        rows.setdefault(row["article_id"], ArticleRow(row["article_id"], row["article__headline"]))
        rows[row["article_id"]].members = row["members"]
    # The other figure of each listed article (members of the most read, readers of
    # the best converting): one query each.
    for pk, readers, views in (
        PageDay.objects.filter(in_range, article_id__in=list(rows))
        .values("article_id")
        .annotate(readers=Sum("readers"), views=Sum("views"))
        .values_list("article_id", "readers", "views")
    ):
        rows[pk].readers, rows[pk].views = readers, views
    for pk, members in (
        Conversion.objects.filter(in_range, article_id__in=list(rows))
        .values("article_id")
        .annotate(members=Count("pk"))
        .values_list("article_id", "members")
    ):
        rows[pk].members = members
    return (
        [rows[row["article_id"]] for row in by_readers],
        [rows[row["article_id"]] for row in by_members],
    )
