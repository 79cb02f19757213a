from datetime import timedelta

from django.db import OperationalError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsroom import views
from newsroom.tasks import deliver_email


def test_health_answers_ok_when_the_database_and_cache_are_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


class UnreachableCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    get = set


def test_health_answers_503_when_the_database_is_down(client, db, monkeypatch):
    monkeypatch.setattr(views, "connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_health_answers_503_when_the_cache_is_down(client, db, monkeypatch):
    monkeypatch.setattr(views, "cache", UnreachableCache())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unreachable"}


def _enqueue_waiting_since(minutes: int) -> None:
    result = deliver_email.enqueue(
        subject="s", to="a@example.com", text_body="b", html_body=None, headers={}
    )
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_readiness_reports_how_long_the_oldest_task_has_waited(client, db, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    _enqueue_waiting_since(minutes=5)
    _enqueue_waiting_since(minutes=1)
    # A task deferred to tomorrow is not waiting yet, and a running one is not waiting.
    later = deliver_email.using(run_after=timezone.now() + timedelta(days=1)).enqueue(
        subject="s", to="b@example.com", text_body="b", html_body=None, headers={}
    )
    _enqueue_waiting_since(minutes=60)
    DBTaskResult.objects.filter(enqueued_at__lt=timezone.now() - timedelta(minutes=30)).update(
        status=TaskResultStatus.RUNNING
    )

    body = client.get("/readyz").json()

    assert body["status"] == "ok"
    assert body["tasks_waiting"] == 2
    assert 299 <= body["oldest_waiting_task_seconds"] < 330
    assert DBTaskResult.objects.get(pk=later.id).status == TaskResultStatus.READY


def test_readiness_reports_zero_when_nothing_waits(client, db):
    body = client.get("/readyz").json()
    assert body == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "tasks_waiting": 0,
        "oldest_waiting_task_seconds": 0,
    }
