import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import queue
from .editions import edition_home, language_codes

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _cache_ok() -> bool:
    # Sessions and rate limits live in the cache: a site whose cache is down signs
    # nobody in, so the cache is as much a dependency as the database.
    token = uuid.uuid4().hex
    try:
        cache.set("healthz", token, timeout=30)
        return cache.get("healthz") == token
    except Exception:  # any client error (connection refused, timeout) means down
        logger.warning("Health check: the cache is unreachable", exc_info=True)
        return False


def _checks() -> tuple[dict, bool]:
    database, cache_ = _database_ok(), _cache_ok()
    body = {
        "database": "ok" if database else "unreachable",
        "cache": "ok" if cache_ else "unreachable",
    }
    return body, database and cache_


def _answer(body: dict, ok: bool) -> JsonResponse:
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", **body}, status=200 if ok else 503
    )


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache answer, 503 otherwise (liveness, uptime)."""
    body, ok = _checks()
    return _answer(body, ok)


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Like /healthz, plus the task queue: how many tasks wait and for how long the
    oldest has (a growing age means the workers are down or too few)."""
    body, ok = _checks()
    if body["database"] == "ok":
        since = queue.oldest_waiting_since()
        body["tasks_waiting"] = queue.queue_depth()
        body["oldest_waiting_task_seconds"] = (
            round((timezone.now() - since).total_seconds(), 1) if since else 0
        )
    return _answer(body, ok)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    edition_homes = [edition_home(code) for code in language_codes()]
    return render(
        request, "robots.txt", {"edition_homes": edition_homes}, content_type="text/plain"
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: whatever failed may fail again.
    return render(None, "500.html", status=500)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """What we count about readers, and what we don't (kept true by the analytics tests)."""
    return render(request, "newsroom/privacy.html")
