"""The Stripe webhook endpoint and the registry of event handlers.

See the package docstring (members/billing/__init__.py) for how to add a handler.
"""

import logging
import traceback
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime

from django.db import IntegrityError, OperationalError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import gateway
from .models import StripeEvent

logger = logging.getLogger(__name__)

Handler = Callable[[dict], str | None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


class RetryLater(Exception):
    """Raised by a handler that cannot process the event now; Stripe will retry."""


def stripe_call(function: Callable, **kwargs):
    """Run a service that talks to Stripe from a handler: an object Stripe does not
    know gives None, and Stripe being unreachable means retry later."""
    try:
        return function(**kwargs)
    except gateway.InvalidRequestError as error:
        if gateway.is_not_found(error):
            return None
        raise
    except gateway.StripeError as error:
        raise RetryLater(f"Stripe is unavailable: {error}") from error


def webhook_handler(event_type: str) -> Callable[[Handler], Handler]:
    """Register `handle(event: dict) -> str | None` for one Stripe event type."""

    def register(handler: Handler) -> Handler:
        if handler not in _handlers[event_type]:
            _handlers[event_type].append(handler)
        return handler

    return register


def handlers_for(event_type: str) -> list[Handler]:
    return list(_handlers.get(event_type, ()))


def handled_event_types() -> list[str]:
    """The event types some handler listens to: the endpoint's enabled events in Stripe."""
    return sorted(event_type for event_type, handlers in _handlers.items() if handlers)


def event_record(event: dict) -> StripeEvent:
    """Store the event once; a redelivery returns the row stored the first time."""
    try:
        record, _ = StripeEvent.objects.get_or_create(
            stripe_event_id=event["id"],
            defaults={
                "type": event["type"],
                "payload": event,
                "created": datetime.fromtimestamp(int(event.get("created") or 0), tz=UTC),
            },
        )
    except IntegrityError:  # the same event arrived in a parallel request
        record = StripeEvent.objects.get(stripe_event_id=event["id"])
    return record


def event_process(*, stripe_event: StripeEvent, force: bool = False) -> StripeEvent:
    """Run the handlers for a recorded event, once; `force` runs them again.

    The event row is locked for the whole run, so a duplicate delivered at the
    same moment waits and then finds the event done. Handlers run in a savepoint:
    when one fails, none of their changes stay, and the failure is recorded.
    """
    with transaction.atomic():
        record = StripeEvent.objects.select_for_update().get(pk=stripe_event.pk)
        if record.is_done and not force:
            return record
        record.attempts += 1
        record.error = ""
        handlers = handlers_for(record.type)
        notes: list[str] = []
        try:
            with transaction.atomic():
                for handler in handlers:
                    note = handler(record.payload)
                    if note:
                        notes.append(note)
        except RetryLater as exc:
            record.status = StripeEvent.Status.RETRY
            record.error = str(exc) or "The handler asked Stripe to retry later."
        except (IntegrityError, OperationalError) as exc:
            # A parallel request won a race for the same rows, or the database is
            # busy: the next delivery will find things settled.
            logger.warning("Stripe event %s: retry after %r", record.stripe_event_id, exc)
            record.status = StripeEvent.Status.RETRY
            record.error = f"Busy, will retry: {exc}"
        except Exception:
            logger.exception("Stripe event %s (%s) failed", record.stripe_event_id, record.type)
            record.status = StripeEvent.Status.FAILED
            record.error = traceback.format_exc(limit=8)
        else:
            record.processed_at = timezone.now()
            if notes:
                record.status = StripeEvent.Status.PROCESSED
                record.result = "; ".join(notes)
            else:
                record.status = StripeEvent.Status.IGNORED
                record.result = "Not interested." if not handlers else "Not ours."
        record.save(update_fields=["status", "result", "error", "attempts", "processed_at"])
    return record


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Stripe's webhook endpoint: verify, record once, process, answer.

    400: bad signature (also stale timestamps) or not an event; 200: processed,
    ignored or already done; 503: a handler asked for a retry; 500: a handler failed
    (recorded on the event, which staff can reprocess).
    """
    try:
        event = gateway.webhook_event_verify(request.body, request.headers.get("Stripe-Signature"))
    except gateway.SignatureVerificationError:
        return HttpResponse("Invalid signature.", status=400, content_type="text/plain")
    except ValueError:
        return HttpResponse("Not a Stripe event.", status=400, content_type="text/plain")

    record = event_process(stripe_event=event_record(event))
    if record.status == StripeEvent.Status.RETRY:
        return HttpResponse(
            "Cannot process this event now; please retry.",
            status=503,
            headers={"Retry-After": "60"},
            content_type="text/plain",
        )
    if record.status == StripeEvent.Status.FAILED:
        return HttpResponse("Processing failed.", status=500, content_type="text/plain")
    return HttpResponse(record.result or "OK", status=200, content_type="text/plain")
