"""The beacon buffer: page views and funnel events waiting in this process's memory.

Appending is one `deque.append` (atomic, so gunicorn's threads need no lock): no
cache or database round trip on the request, and a page view does not depend on
Redis being up. Each process folds its own buffer into the daily roll-ups
(`flush.analytics_flush`): its background thread every `ANALYTICS_FLUSH_SECONDS`,
and once more when it stops gracefully (gunicorn's `worker_exit` hook in
deploy/gunicorn.conf.py, and `atexit` for other servers).

Why not a list in Redis that any process may flush (one RPUSH per beacon)? It would
survive a worker being killed, but the round trip per beacon costs about as much
processor time as the rest of the beacon's work, and it makes every page view
depend on Redis. Instead the loss is bounded: a process killed without a graceful
stop (SIGKILL, out of memory, a worker timeout) loses the views of its last flush
interval (30 seconds by default), never more; a failed flush puts its batch back
to be tried again. While the database cannot be written, at most `MAX_RECORDS`
wait (about 80 MB); beyond that the oldest views are dropped, and the next flush
logs how many, rather than the process running out of memory.
"""

from collections import deque
from typing import NamedTuple

# Three minutes of a 1,000-a-second spike in one worker (and the 100,000 views of
# the unique-readers test in one batch).
MAX_RECORDS = 200_000


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


_records: deque[Record] = deque(maxlen=MAX_RECORDS)
_dropped = 0


def buffer_append(record: Record) -> None:
    global _dropped
    if len(_records) == MAX_RECORDS:
        _dropped += 1  # the append below pushes the oldest out
    _records.append(record)
    from .flush import flusher_start

    flusher_start()


def buffer_take(*, limit: int) -> list[Record]:
    """Take up to `limit` of the oldest records out of the buffer."""
    taken = []
    try:
        for _ in range(limit):
            taken.append(_records.popleft())
    except IndexError:
        pass
    return taken


def buffer_return(records: list[Record]) -> None:
    """Put records taken by a flush that failed back in front, to be flushed again."""
    _records.extendleft(reversed(records))


def buffer_dropped() -> int:
    """How many records were dropped (buffer full) since the last call."""
    global _dropped
    dropped, _dropped = _dropped, 0
    return dropped


def buffer_size() -> int:
    return len(_records)


def buffer_clear() -> None:
    """Forget everything buffered (tests start each with an empty buffer)."""
    _records.clear()
