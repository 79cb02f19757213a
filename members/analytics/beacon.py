"""The beacon endpoint: one POST per page view or banner event, answered 204.

Pages may come from a shared cache, so the script is static and the endpoint needs
nothing from the page but the path: no cookie is read or set, no CSRF token (a
forged beacon can only add a page view, which anyone can do by opening the page),
and no database write (the view goes into `buffer`).
"""

import json
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from newsroom.editions import edition_paths

from . import counting
from .buffer import Record, buffer_append
from .models import EventDay

MAX_BODY = 4096
BEACON_KINDS = {"view", EventDay.Kind.BANNER_IMPRESSION, EventDay.Kind.BANNER_CLICK}


def _no_content() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def _payload(request: HttpRequest) -> dict | None:
    if len(request.body) > MAX_BODY or b"\\u0000" in request.body:
        # A NUL in a path or campaign tag could not be stored in PostgreSQL text and
        # would fail the whole batch at the flush.
        return None
    try:
        payload = json.loads(request.body)
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def _same_origin(request: HttpRequest) -> bool:
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return True
    return counting.referrer_domain(origin, own_host=request.get_host()) == ""


@csrf_exempt
@require_POST
def beacon(request: HttpRequest) -> HttpResponse:
    """Count a page view or a banner event: always 204, counted only when allowed."""
    payload = _payload(request)
    if payload is None:
        return HttpResponse(status=400)
    kind = payload.get("k", "view")
    path = counting.clean_path(payload.get("p"))
    if kind not in BEACON_KINDS or not path:
        return HttpResponse(status=400)
    if counting.counting_refused(request) or not _same_origin(request):
        return _no_content()

    day = counting.today()
    query = counting.query_parameters(payload.get("q"))
    try:
        campaign_id = int(payload.get("c") or query.get("campaign") or 0)
    except (TypeError, ValueError):
        campaign_id = 0
    if kind == "view":
        record = Record(
            kind="view",
            day=day.isoformat(),
            path=path,
            reader=counting.reader_hash(request, day=day),
            referrer=counting.referrer_domain(payload.get("r"), own_host=request.get_host()),
            utm_source=query.get("utm_source", ""),
            utm_medium=query.get("utm_medium", ""),
            utm_campaign=query.get("utm_campaign", ""),
            campaign_id=campaign_id if query.get("via") == "banner" else 0,
            detail=_funnel_page(path),
        )
    else:
        record = Record(kind=kind, day=day.isoformat(), path=path, campaign_id=max(0, campaign_id))
    buffer_append(record)
    return _no_content()


def _funnel_page(path: str) -> str:
    """Which funnel page a path is ("membership", "gift"), or ""."""
    return _funnel_pages().get(path, "")


@cache
def _funnel_pages() -> dict[str, str]:
    """The membership and gift pages' paths in every edition ("/uk/membership/" too)."""
    membership = dict.fromkeys(edition_paths("members:join"), EventDay.Kind.MEMBERSHIP_PAGE)
    gift = dict.fromkeys(edition_paths("members:gift"), EventDay.Kind.GIFT_PAGE)
    return membership | gift


def event_record(*, kind: str, campaign_id: int = 0, detail: str = "") -> None:
    """Count a funnel event the server sees itself (a checkout started, a newsletter signup)."""
    buffer_append(
        Record(
            kind=kind,
            day=counting.today().isoformat(),
            campaign_id=campaign_id,
            detail=detail[:300],
        )
    )
