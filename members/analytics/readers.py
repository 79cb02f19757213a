"""The measured readers figure behind "one in N readers contributes"."""

from datetime import date, timedelta

from django.db.models import Sum

from .models import SiteDay

WINDOW_DAYS = 30


def monthly_readers_measured(*, today: date) -> tuple[int, date | None]:
    """Readers over the last 30 complete days, and the last day counted (None: no data).

    Each day's unique readers added up: the salt changes daily, so a reader who comes
    back on another day cannot be recognised and counts again. Today is left out
    because it is not over.
    """
    last = today - timedelta(days=1)
    total = SiteDay.objects.filter(
        day__gt=last - timedelta(days=WINDOW_DAYS), day__lte=last
    ).aggregate(readers=Sum("readers"))["readers"]
    return (total or 0), (last if total else None)
