"""Server-rendered SVG charts: bars and lines as coordinates for the templates.

Coordinates are in SVG user units of a `WIDTH` x `HEIGHT` view box that scales to
the page; every chart also has its numbers in a table next to it.
"""

from dataclasses import dataclass, field
from datetime import date

WIDTH = 600
HEIGHT = 160


@dataclass
class Bar:
    label: date | str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Chart:
    bars: list[Bar] = field(default_factory=list)
    lines: dict[str, str] = field(default_factory=dict)  # name -> SVG polyline points
    maximum: int = 0
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def first(self):
        return self.bars[0].label if self.bars else None

    @property
    def last(self):
        return self.bars[-1].label if self.bars else None


def bar_chart(values: list[tuple[date | str, int]], *, maximum: int | None = None) -> Chart:
    chart = Chart(maximum=maximum or max((value for _, value in values), default=0) or 1)
    if not values:
        return chart
    slot = WIDTH / len(values)
    gap = slot * 0.15 if slot > 4 else 0
    for index, (label, value) in enumerate(values):
        height = round(HEIGHT * max(value, 0) / chart.maximum, 2)
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                x=round(index * slot + gap / 2, 2),
                y=round(HEIGHT - height, 2),
                width=round(slot - gap, 2),
                height=height,
            )
        )
    return chart


def line_points(values: list[float], *, slots: int, maximum: float) -> str:
    """Polyline points for `values`, one per slot from the left (fewer slots than values: cut)."""
    if not values or slots <= 0:
        return ""
    slot = WIDTH / slots
    maximum = maximum or 1
    points = []
    for index, value in enumerate(values[:slots]):
        x = round(index * slot + slot / 2, 2)
        y = round(HEIGHT - HEIGHT * min(value, maximum) / maximum, 2)
        points.append(f"{x},{y}")
    return " ".join(points)


def cumulative_chart(
    days: list[tuple[date, int]], *, start_count: int, goal: int, total_days: int
) -> Chart:
    """Cumulative new members day by day against the steady pace from 0 to the goal.

    The x axis spans the whole campaign (`total_days`), so the pace line reaches the
    goal at the right edge and the members line stops at today.
    """
    running = start_count
    cumulative = []
    for _, members in days:
        running += members
        cumulative.append(running)
    maximum = max([goal, *cumulative]) or 1
    chart = Chart(maximum=maximum)
    chart.lines["members"] = line_points(cumulative, slots=total_days, maximum=maximum)
    pace = [goal * (index + 1) / total_days for index in range(total_days)]
    chart.lines["pace"] = line_points(pace, slots=total_days, maximum=maximum)
    chart.bars = [
        Bar(label=day, value=value, x=0, y=0, width=0, height=0)
        for (day, _), value in zip(days, cumulative, strict=True)
    ]
    return chart
