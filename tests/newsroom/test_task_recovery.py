"""A task whose worker died is run again, and a running task is left alone.

The proof with a real worker killed by SIGKILL is in `make prod-smoke`
(scripts/prod_smoke.py); these check the rule it relies on."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from newsroom.queue import tasks_requeue_stale
from newsroom.tasks import deliver_email


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_RUNNING_LEASE_SECONDS = 600


def _running_since(minutes: int) -> DBTaskResult:
    result = deliver_email.enqueue(
        subject="Your gift", to="friend@example.com", text_body="b", html_body=None, headers={}
    )
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=minutes),
        worker_ids=["dead-worker"],
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_task_left_running_past_its_lease_is_queued_again_and_runs(db, database_tasks):
    orphan = _running_since(minutes=11)
    alive = _running_since(minutes=2)

    call_command("tasks_requeue_stale", stdout=(out := io.StringIO()))

    assert "Re-queued 1 task" in out.getvalue()
    orphan.refresh_from_db()
    alive.refresh_from_db()
    assert orphan.status == TaskResultStatus.READY
    assert alive.status == TaskResultStatus.RUNNING
    # Another worker now takes it, as db_worker does (claim, run), and the email goes out.
    # (Not the db_worker command itself: it closes the test's database connection.)
    assert list(DBTaskResult.objects.ready()) == [orphan]
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=1, worker_id="living-worker", excluded_queue_names=[],
    )  # fmt: skip
    with transaction.atomic():
        claimed = DBTaskResult.objects.ready().get_locked()
        claimed.claim(worker.worker_id)
    worker.run_task(claimed)
    orphan.refresh_from_db()
    assert orphan.status == TaskResultStatus.SUCCESSFUL
    assert orphan.worker_ids[0] == "dead-worker" and len(orphan.worker_ids) == 2
    assert [message.to for message in mail.outbox] == [["friend@example.com"]]


def test_nothing_is_requeued_when_every_running_task_is_within_its_lease(db, database_tasks):
    _running_since(minutes=9)
    assert tasks_requeue_stale() == 0
