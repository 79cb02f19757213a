"""Prometheus metrics: request latency from every web process, and the queue,
webhook and newsletter figures read from the database when scraped.

Figures kept in the database (queue depth, webhook outcomes, newsletter progress)
are read at scrape time, so they are the same whichever process answers and survive
restarts. Request timings live in each process; with several gunicorn workers
prometheus-client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR) adds them up.
"""

import hmac
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

from . import queue

REQUEST_LATENCY = Histogram(
    "newsroom_request_duration_seconds",
    "Time to answer a request, by view and status class.",
    ["method", "view", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class RequestMetricsMiddleware:
    """Time each request; labelled by URL name (never the raw path, which would
    make a new series for every article)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        REQUEST_LATENCY.labels(
            method=request.method if request.method in {"GET", "HEAD", "POST"} else "other",
            view=match.view_name if match else "unmatched",
            status=f"{response.status_code // 100}xx",
        ).observe(time.perf_counter() - started)
        return response


class DatabaseFigures(Collector):
    """Queue depth, webhook outcomes and newsletter progress, from the database."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from members.billing.models import StripeEvent
        from members.newsletters.models import NewsletterDelivery, NewsletterIssue

        yield GaugeMetricFamily(
            "newsroom_tasks_waiting", "Background tasks ready to run.", value=queue.queue_depth()
        )
        since = queue.oldest_waiting_since()
        yield GaugeMetricFamily(
            "newsroom_tasks_oldest_waiting_seconds",
            "How long the longest-waiting ready task has waited (0 when none waits).",
            value=(time.time() - since.timestamp()) if since else 0,
        )
        events = GaugeMetricFamily(
            "newsroom_stripe_events", "Stripe webhook events by outcome.", labels=["status"]
        )
        for row in StripeEvent.objects.values("status").annotate(n=Count("pk")):
            events.add_metric([row["status"]], row["n"])
        yield events
        progress = GaugeMetricFamily(
            "newsroom_newsletter_deliveries",
            "Deliveries of the newsletter issues being sent, by status.",
            labels=["issue", "status"],
        )
        rows = (
            NewsletterDelivery.objects.filter(issue__status=NewsletterIssue.Status.SENDING)
            .values("issue_id", "status")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            progress.add_metric([str(row["issue_id"]), row["status"]], row["n"])
        yield progress


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_ProcessRegistry())
    registry.register(DatabaseFigures())
    return registry


class _ProcessRegistry(Collector):
    """This process's own metrics (the request histogram), in single-process mode."""

    def collect(self):
        yield from REGISTRY.collect()


def _authorised(request: HttpRequest) -> bool:
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


@require_safe
@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, only for a scraper holding METRICS_TOKEN (404 otherwise,
    so the endpoint's existence is not advertised)."""
    if not _authorised(request):
        # Returned, not raised, so never_cache marks it too: a front cache must not
        # keep this 404 and serve it to the scraper that holds the token.
        return HttpResponseNotFound("Not found", content_type="text/plain")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
