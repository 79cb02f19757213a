"""The background task queue as operators see it: what waits, and what a dead worker
left behind (django-tasks-db's table, read and repaired here)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min, Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def _waiting():
    # A task deferred to a later time is not waiting yet; "no run_after" is stored
    # as the largest date (django-tasks-db's convention, see get_date_max()).
    now = timezone.now()
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=now)
    )


def queue_depth() -> int:
    """Tasks ready to run now."""
    return _waiting().count()


def oldest_waiting_since() -> datetime | None:
    """When the longest-waiting ready task became due (its enqueue or run_after time)."""
    waiting = _waiting()
    enqueued = waiting.filter(run_after=get_date_max()).aggregate(t=Min("enqueued_at"))["t"]
    deferred = waiting.exclude(run_after=get_date_max()).aggregate(t=Min("run_after"))["t"]
    times = [t for t in (enqueued, deferred) if t is not None]
    return min(times) if times else None


def tasks_requeue_stale(*, lease: timedelta | None = None) -> int:
    """Put tasks whose worker died back in the queue; returns how many.

    django-tasks-db claims a task with SELECT ... FOR UPDATE SKIP LOCKED and marks it
    RUNNING in the same transaction, so two workers never take the same task. But a
    worker killed mid-task (SIGKILL, out of memory, a lost machine) never marks it
    finished: it would stay RUNNING, and so never run, forever. A task running
    longer than the lease is taken to be such an orphan. The lease must exceed the
    longest task; if a slow but living worker's task is re-queued anyway it runs
    twice, which every task here tolerates (each checks the state it acts on).
    """
    lease = lease or timedelta(seconds=settings.TASK_RUNNING_LEASE_SECONDS)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - lease
    ).update(status=TaskResultStatus.READY, started_at=None)
