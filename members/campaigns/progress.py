"""The progress page's figures: count, pace, days left, milestones and the daily chart."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from members.analytics.charts import Bar, Chart, bar_chart, cumulative_chart
from newsroom.clock import newsroom_today

from .banner import campaign_summary
from .models import Campaign, CampaignDay, SupporterFigures

MILESTONES = (25, 50, 75, 100)
MILESTONE_MESSAGES = {
    25: "A quarter of the way there. Thank you to everyone who joined so far.",
    50: "Halfway! Every new member brings the goal closer.",
    75: "Three quarters done: the last stretch.",
    100: "Goal reached! We keep counting every new member.",
}


@dataclass
class Progress:
    campaign: Campaign
    count: int
    goal: int
    percent: int
    reached: bool
    today: date
    started: bool
    ended: bool
    days_total: int
    days_left: int
    pace_target: int
    pace_difference: int
    milestones: list[tuple[int, str]]
    days: list[tuple[date, int]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    chart_max: int = 0
    # Cumulative new members against the steady pace to the goal (SVG polylines).
    pace_chart: Chart | None = None

    @property
    def behind(self) -> int:
        return max(0, -self.pace_difference)

    @property
    def remaining(self) -> int:
        return max(0, self.goal - self.count)


def campaign_progress(campaign: Campaign, *, today: date | None = None) -> Progress:
    """Everything the progress page shows about `campaign` (two queries: it and its days)."""
    today = today or newsroom_today()
    summary = campaign_summary(campaign)
    days_total = (campaign.ends_on - campaign.starts_on).days + 1
    started = today >= campaign.starts_on
    ended = today > campaign.ends_on
    if not started:
        elapsed = 0
    elif ended:
        elapsed = days_total
    else:
        elapsed = (today - campaign.starts_on).days + 1
    # Where a steady pace from the first day would put us by the end of today.
    pace_target = round(campaign.goal * elapsed / days_total)
    days_left = 0 if ended else (campaign.ends_on - max(today, campaign.starts_on)).days + 1

    counted = dict(
        CampaignDay.objects.filter(campaign=campaign, day__lte=today).values_list("day", "members")
    )
    last = min(today, campaign.ends_on)
    days = [
        (campaign.starts_on + timedelta(days=offset), 0)
        for offset in range(max(0, (last - campaign.starts_on).days + 1))
    ]
    days = [(day, counted.get(day, 0)) for day, _ in days]
    percent = summary["percent"]
    progress = Progress(
        campaign=campaign,
        count=summary["count"],
        goal=campaign.goal,
        percent=percent,
        reached=summary["reached"],
        today=today,
        started=started,
        ended=ended,
        days_total=days_total,
        days_left=days_left,
        pace_target=pace_target,
        pace_difference=summary["count"] - pace_target,
        milestones=[
            (milestone, MILESTONE_MESSAGES[milestone])
            for milestone in MILESTONES
            if summary["count"] * 100 >= milestone * campaign.goal
        ],
        days=days,
    )
    _chart_bars(progress)
    if days:
        progress.pace_chart = cumulative_chart(
            days, start_count=campaign.starting_count, goal=campaign.goal, total_days=days_total
        )
    return progress


def _chart_bars(progress: Progress) -> None:
    if not progress.days:
        return
    chart = bar_chart(progress.days)
    progress.bars, progress.chart_max = chart.bars, chart.maximum


@dataclass
class Figures:
    supporters: int | None
    supporters_as_of: object
    readers_per_supporter: int | None
    monthly_readers: int | None
    # "measured" (this site's reader analytics) or "editor" (the override).
    readers_source: str = ""
    readers_as_of: object = None


def supporter_figures(*, now=None) -> Figures:
    """The supporter figures fit to show: overrides first, computed ones while fresh."""
    from django.utils import timezone

    now = now or timezone.now()
    figures = SupporterFigures.objects.filter(pk=1).first()
    if figures is None:
        return Figures(None, None, None, None)
    if figures.supporters_override is not None:
        supporters, as_of = figures.supporters_override, figures.updated_at
    elif (
        figures.supporters_computed_at is not None
        and now - figures.supporters_computed_at <= SupporterFigures.MAX_AGE
        and figures.supporters > 0
    ):
        supporters, as_of = figures.supporters, figures.supporters_computed_at
    else:
        supporters, as_of = None, None
    if figures.monthly_readers:
        readers, source, readers_as_of = (
            figures.monthly_readers,
            "editor",
            figures.monthly_readers_as_of,
        )
    elif figures.measured_monthly_readers and as_of is not None:
        readers, source, readers_as_of = (
            figures.measured_monthly_readers,
            "measured",
            figures.measured_readers_as_of,
        )
    else:
        readers, source, readers_as_of = None, "", None
    per_supporter = None
    if supporters and readers:
        per_supporter = _round_readable(readers / supporters)
    return Figures(supporters, as_of, per_supporter, readers, source, readers_as_of)


def _round_readable(value: float) -> int:
    """Round to two significant figures: 8,333 readers per supporter reads 8,300."""
    if value < 10:
        return max(1, round(value))
    digits = len(str(int(value))) - 2
    return int(round(value, -digits))
