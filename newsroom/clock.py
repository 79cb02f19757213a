"""The newsroom's calendar: its timezone, today's date there, and month arithmetic.

Dates readers and editors see (a gift's delivery day, a campaign's first and last
day, "days left") are days in `settings.TIME_ZONE`, not in UTC: 23:30 UTC on the
10th is already the 11th in Kyiv. Everything that asks "what day is it" asks here.
"""

import calendar
from datetime import date, datetime, tzinfo

from django.utils import timezone


def newsroom_timezone() -> tzinfo:
    """The newsroom's timezone (settings.TIME_ZONE)."""
    return timezone.get_default_timezone()


def newsroom_date(moment: datetime) -> date:
    """The newsroom's calendar day of an aware moment."""
    return timezone.localtime(moment, newsroom_timezone()).date()


def newsroom_today(now: datetime | None = None) -> date:
    """Today in the newsroom's timezone (or the day of `now` there)."""
    return newsroom_date(now or timezone.now())


def add_months(moment: datetime, months: int) -> datetime:
    """The same time `months` later, on the same day or the month's last (31 Jan + 1 = 28 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
