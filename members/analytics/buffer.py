"""The beacon buffer: page views and funnel events waiting in the cache to be flushed.

Appending is two cache operations and no database write, so a burst of readers
costs the database nothing until `flush.analytics_flush` folds a batch into the
daily roll-ups. Each record gets a number from an atomic counter (`cache.incr`) and
is stored under its own key; the flush reads the numbers it has not taken yet.

With the in-process cache each web process has its own buffer and flushes it
itself (the thread in `flush.py`); with a shared cache (`CACHE_URL`) any process
may flush any record. Records live at most `RECORD_SECONDS`: if nothing flushes
for that long, the oldest views are lost rather than piling up.
"""

import threading
from typing import NamedTuple

from django.core.cache import caches

SEQUENCE_KEY = "analytics:seq"
TAKEN_KEY = "analytics:taken"
RECORD_SECONDS = 6 * 3600
# A missing record this far behind the newest one was evicted, not still being
# written: skip it instead of waiting for it.
GIVE_UP_AFTER = 1000

_sequence_lock = threading.Lock()


class Record(NamedTuple):
    """One counted thing. `reader` is the day's salted reader hash (0 when not a view)."""

    kind: str
    day: str  # ISO date, the newsroom's calendar
    path: str = ""
    reader: int = 0
    referrer: str = ""
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    campaign_id: int = 0
    detail: str = ""


def record_key(number: int) -> str:
    return f"analytics:record:{number}"


def buffer_append(record: Record) -> None:
    try:
        number = caches["analytics"].incr(SEQUENCE_KEY)
    except ValueError:
        with _sequence_lock:
            caches["analytics"].add(SEQUENCE_KEY, 0, timeout=None)
        number = caches["analytics"].incr(SEQUENCE_KEY)
    caches["analytics"].set(record_key(number), tuple(record), RECORD_SECONDS)
    from .flush import flusher_start

    flusher_start()


def buffer_take(*, limit: int) -> tuple[list[Record], int]:
    """Up to `limit` records not taken yet, and the number to pass to `buffer_taken`."""
    newest = caches["analytics"].get(SEQUENCE_KEY) or 0
    taken = caches["analytics"].get(TAKEN_KEY) or 0
    last = min(newest, taken + limit)
    if last <= taken:
        return [], taken
    keys = [record_key(number) for number in range(taken + 1, last + 1)]
    found = caches["analytics"].get_many(keys)
    records: list[Record] = []
    upto = taken
    for number in range(taken + 1, last + 1):
        value = found.get(record_key(number))
        if value is None:
            if newest - number < GIVE_UP_AFTER:
                # Numbered but not stored yet (another request is between its incr
                # and its set): stop here and take it next time.
                break
            upto = number
            continue
        records.append(Record(*value))
        upto = number
    return records, upto


def buffer_taken(upto: int) -> None:
    """Mark records up to `upto` as flushed and drop them from the cache."""
    taken = caches["analytics"].get(TAKEN_KEY) or 0
    caches["analytics"].set(TAKEN_KEY, upto, timeout=None)
    caches["analytics"].delete_many([record_key(number) for number in range(taken + 1, upto + 1)])
