"""Fold the beacon buffer into the daily roll-ups, in batches.

Each process flushes its own buffer (`buffer.py`): from a background thread
(`flusher_start`, every `ANALYTICS_FLUSH_SECONDS`) and when it stops gracefully
(`analytics_flush_all`, from gunicorn's `worker_exit` hook and `atexit`).
`manage.py analytics_flush` (the periodic jobs) rotates the daily salts. A batch is
a handful of queries however many views it holds: the database sees a few writes a
minute, not one per reader.

Crash boundary: a batch leaves the buffer when it is taken, and goes back in front
of it if folding it fails (the transaction rolled back), so each record is counted
exactly once while its process lives; a process killed in between loses what it
held (see `buffer.py` for why that bound is the right trade).
"""

import atexit
import logging
import os
import threading
import time
from collections import Counter, defaultdict
from datetime import date, timedelta

import datasketches
from django.conf import settings
from django.db import close_old_connections, transaction
from django.urls import Resolver404, resolve

from . import counting
from .buffer import Record, buffer_dropped, buffer_return, buffer_take
from .models import DailySalt, EventDay, PageDay, ReferrerDay, SiteDay, UtmDay

logger = logging.getLogger(__name__)

BATCH = 50_000
# HyperLogLog precision: 2^14 registers estimate daily readers with a relative
# standard error of about 0.8% (at most 16 KB a row, and tiny while a page has few
# readers, since a sparse sketch stores only the registers it uses). Pages use the
# same precision as the site: at 2^12 (1.6%) a page's estimate missed the promised
# 2% about one day in five.
SITE_LG_K = 14
PAGE_LG_K = 14


_flush_lock = threading.Lock()


def analytics_flush(*, limit: int = BATCH) -> int:
    """Flush up to `limit` buffered records into the roll-ups; returns how many."""
    # One flush at a time in a process: the stop-time flush waits for the thread's.
    with _flush_lock:
        dropped = buffer_dropped()
        if dropped:
            logger.warning("Analytics buffer full: %d views dropped unflushed", dropped)
        records = buffer_take(limit=limit)
        if not records:
            return 0
        try:
            with transaction.atomic():
                _fold(records)
        except BaseException:
            buffer_return(records)
            raise
        logger.info("Analytics flush: %d records", len(records))
        return len(records)


def analytics_flush_all() -> None:
    """Flush everything buffered so far (batch after batch); a failure is logged, not raised."""
    try:
        while analytics_flush() == BATCH:
            pass
    except Exception:
        logger.exception("Flushing the analytics buffer failed; it is tried again later")


def _sketch_merge(existing: bytes, hashes: set[int], lg_k: int) -> tuple[bytes, int]:
    union = datasketches.hll_union(lg_k)
    if existing:
        union.update(datasketches.hll_sketch.deserialize(bytes(existing)))
    batch = datasketches.hll_sketch(lg_k, datasketches.tgt_hll_type.HLL_8)
    for value in hashes:
        batch.update(value)
    union.update(batch)
    result = union.get_result(datasketches.tgt_hll_type.HLL_8)
    return result.serialize_compact(), round(result.get_estimate())


def _fold(records: list[Record]) -> None:
    site_views: Counter = Counter()
    site_readers: dict[str, set[int]] = defaultdict(set)
    page_views: Counter = Counter()
    page_readers: dict[tuple[str, str], set[int]] = defaultdict(set)
    referrers: Counter = Counter()
    utms: Counter = Counter()
    events: Counter = Counter()
    for record in records:
        if record.kind == "view":
            site_views[record.day] += 1
            site_readers[record.day].add(record.reader)
            page_views[(record.day, record.path)] += 1
            page_readers[(record.day, record.path)].add(record.reader)
            if record.referrer:
                referrers[(record.day, record.referrer)] += 1
            if record.utm_source or record.utm_medium or record.utm_campaign:
                utms[(record.day, record.utm_source, record.utm_medium, record.utm_campaign)] += 1
            if record.detail:
                events[(record.day, record.detail, record.campaign_id, "")] += 1
        else:
            events[(record.day, record.kind, record.campaign_id, record.detail)] += 1

    _site_fold(site_views, site_readers)
    _page_fold(page_views, page_readers)
    _count_fold(ReferrerDay, ("day", "domain"), "views", referrers)
    _count_fold(UtmDay, ("day", "source", "medium", "campaign"), "views", utms)
    _count_fold(EventDay, ("day", "kind", "campaign_id", "detail"), "count", events)


def _locked_rows(model, fields: tuple[str, ...], keys) -> dict[tuple, object]:
    """The roll-up rows for `keys`, created when missing and locked until commit.

    Creating with ignore_conflicts first and then selecting FOR UPDATE lets two
    processes flush the same day at once: neither fails on the unique constraint,
    and the second waits for the first's counts instead of overwriting them.
    """
    model.objects.bulk_create(
        [model(**dict(zip(fields, key, strict=True))) for key in keys], ignore_conflicts=True
    )
    rows = {}
    by_day: dict[str, list[tuple]] = defaultdict(list)
    for key in keys:
        by_day[key[0]].append(key)
    for day, day_keys in by_day.items():
        query = model.objects.select_for_update().filter(day=day)
        if len(fields) > 1:
            query = query.filter(**{f"{fields[1]}__in": {key[1] for key in day_keys}})
        for row in query:
            key = tuple(
                getattr(row, name).isoformat() if name == "day" else getattr(row, name)
                for name in fields
            )
            rows[key] = row
    return rows


def _site_fold(views: Counter, readers: dict[str, set[int]]) -> None:
    rows = _locked_rows(SiteDay, ("day",), [(day,) for day in views])
    for (day,), row in rows.items():
        row.views += views[day]
        row.sketch, row.readers = _sketch_merge(row.sketch, readers[day], SITE_LG_K)
    SiteDay.objects.bulk_update(rows.values(), ["views", "readers", "sketch"])


def _page_fold(views: Counter, readers: dict[tuple[str, str], set[int]]) -> None:
    rows = _locked_rows(PageDay, ("day", "path"), list(views))
    _pages_link([row for row in rows.values() if row.article_id is None and row.section_id is None])
    changed = []
    for key, row in rows.items():
        if key not in views:
            continue
        row.views += views[key]
        row.sketch, row.readers = _sketch_merge(row.sketch, readers[key], PAGE_LG_K)
        changed.append(row)
    PageDay.objects.bulk_update(changed, ["views", "readers", "sketch", "article", "section"])


def _pages_link(rows: list[PageDay]) -> None:
    """Fill in the article or section of new page rows (two queries for the whole batch)."""
    from articles.models import Article, Section

    wanted: dict[str, dict[str, list[PageDay]]] = {"article": {}, "section": {}}
    for row in rows:
        try:
            match = resolve(row.path)
        except Resolver404:
            continue
        if match.namespace == "articles" and match.url_name in wanted:
            wanted[match.url_name].setdefault(match.kwargs["slug"], []).append(row)
    for name, model in (("article", Article), ("section", Section)):
        if not wanted[name]:
            continue
        for pk, slug in model.objects.filter(slug__in=wanted[name]).values_list("pk", "slug"):
            for row in wanted[name][slug]:
                setattr(row, f"{name}_id", pk)


def _count_fold(model, fields: tuple[str, ...], counter_field: str, counts: Counter) -> None:
    if not counts:
        return
    rows = _locked_rows(model, fields, list(counts))
    changed = []
    for key, row in rows.items():
        if key in counts:
            setattr(row, counter_field, getattr(row, counter_field) + counts[key])
            changed.append(row)
    model.objects.bulk_update(changed, [counter_field])


def salts_rotate(*, today: date | None = None) -> int:
    """Make today's and tomorrow's salts, and delete every older one (returns how many)."""
    today = today or counting.today()
    counting.salt_forget(before=today)
    for day in (today, today + timedelta(days=1)):
        counting.salt_for(day)
    deleted, _ = DailySalt.objects.filter(day__lt=today).delete()
    return deleted


# --- The in-process flusher ------------------------------------------------------

_flusher_lock = threading.Lock()
_flusher_pid: int | None = None


def flusher_start() -> None:
    """Start this process's background flusher once (again after a fork)."""
    global _flusher_pid
    interval = settings.ANALYTICS_FLUSH_SECONDS
    if interval <= 0 or _flusher_pid == os.getpid():
        return
    with _flusher_lock:
        if _flusher_pid == os.getpid():
            return
        _flusher_pid = os.getpid()
        atexit.register(analytics_flush_all)
        threading.Thread(
            target=_flusher_loop, args=(interval,), name="analytics-flush", daemon=True
        ).start()


def _flusher_loop(interval: float) -> None:
    while True:
        time.sleep(interval)
        analytics_flush_all()
        counting.salt_forget(before=counting.today())
        # This thread's own database connection, as a request's end would.
        close_old_connections()
