"""The one door to Stripe: the only module that imports `stripe`.

Everything else asks `stripe_client()` for a client and catches the error classes
re-exported here. Settings decide where requests go: `STRIPE_SECRET_KEY`,
`STRIPE_API_BASE` (the offline fake Stripe sets it) and `STRIPE_MAX_NETWORK_RETRIES`
(safe because every creating request carries an idempotency key).
"""

import hashlib
import json
from datetime import UTC, datetime
from functools import lru_cache

import stripe
from django.conf import settings

StripeError = stripe.StripeError
InvalidRequestError = stripe.InvalidRequestError
APIConnectionError = stripe.APIConnectionError
SignatureVerificationError = stripe.SignatureVerificationError
StripeClient = stripe.StripeClient

# Stripe's default: a signed event older than five minutes is refused (replay protection).
WEBHOOK_TOLERANCE_SECONDS = 300

__all__ = [
    "APIConnectionError",
    "InvalidRequestError",
    "SignatureVerificationError",
    "StripeClient",
    "StripeError",
    "charge_retrieve",
    "dashboard_url",
    "idempotency_key",
    "invoice_retrieve",
    "is_not_found",
    "stripe_client",
    "stripe_datetime",
    "stripe_id",
    "to_dict",
    "webhook_event_verify",
]


def stripe_client() -> stripe.StripeClient:
    """A Stripe client configured from settings (cached per configuration)."""
    return _client(
        settings.STRIPE_SECRET_KEY,
        settings.STRIPE_API_BASE or "",
        settings.STRIPE_MAX_NETWORK_RETRIES,
    )


@lru_cache(maxsize=8)
def _client(api_key: str, api_base: str, max_network_retries: int) -> stripe.StripeClient:
    # Keyed on the settings so tests that point STRIPE_API_BASE at a fresh fake
    # server get a fresh client, while requests reuse one connection pool.
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base} if api_base else None,
        max_network_retries=max_network_retries,
    )


def idempotency_key(*parts: object) -> str:
    """A deterministic idempotency key from what makes a request unique.

    The same parts always give the same key, so a retried or double-submitted
    request is answered with the first response. Stripe rejects a reused key with
    different parameters, so include everything that changes the request.
    """
    digest = hashlib.sha256(json.dumps([str(part) for part in parts]).encode()).hexdigest()
    return f"newsroom-{digest[:48]}"


def webhook_event_verify(payload: bytes, signature_header: str | None) -> dict:
    """Check the `Stripe-Signature` header against the raw body; return the event.

    Raises SignatureVerificationError for a missing, wrong or stale signature
    and ValueError when the body is not a JSON object. With no signing secret
    configured nothing verifies: an empty HMAC key is one anybody can sign with.
    """
    if not settings.STRIPE_WEBHOOK_SECRET.strip():
        raise stripe.SignatureVerificationError(
            "No STRIPE_WEBHOOK_SECRET is configured.", signature_header or ""
        )
    stripe.WebhookSignature.verify_header(
        payload.decode("utf-8", errors="replace"),
        signature_header or "",
        settings.STRIPE_WEBHOOK_SECRET,
        tolerance=WEBHOOK_TOLERANCE_SECONDS,
    )
    event = json.loads(payload)
    if not _is_event_shaped(event):
        raise ValueError("A Stripe event is a JSON object with an id, a type and a data object.")
    return event


def invoice_retrieve(invoice_id: str) -> dict:
    """An invoice as Stripe has it now.

    Webhook handlers read back what they act on: the payment link they email and
    the subscription it bills come from Stripe, never from the event's payload.
    """
    return to_dict(stripe_client().v1.invoices.retrieve(invoice_id))


def charge_retrieve(charge_id: str) -> dict:
    """A charge as Stripe has it now (whether and how much of it was refunded)."""
    return to_dict(stripe_client().v1.charges.retrieve(charge_id))


def _is_event_shaped(event: object) -> bool:
    """The fields we store and dispatch on have Stripe's types (a signed body that is
    not shaped like an event is refused, never half-stored or left to a handler)."""
    if not isinstance(event, dict):
        return False
    data = event.get("data")
    return (
        isinstance(event.get("id"), str)
        and 0 < len(event["id"]) <= 255
        and isinstance(event.get("type"), str)
        and 0 < len(event["type"]) <= 255
        and isinstance(event.get("created", 0), int)
        and not isinstance(event.get("created", 0), bool)
        and 0 <= event.get("created", 0) < 2**37
        and isinstance(data, dict)
        and isinstance(data.get("object"), dict)
    )


def to_dict(stripe_object) -> dict:
    """A plain dict from a Stripe library object (or a dict, unchanged)."""
    if isinstance(stripe_object, dict):
        return stripe_object
    return stripe_object.to_dict()


def stripe_id(value) -> str:
    """A Stripe id from an expandable field: an id, an expanded object or empty."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value.get("id", "") if isinstance(value, dict) else value.id


def stripe_datetime(timestamp: int | None) -> datetime | None:
    """An aware datetime from a Stripe timestamp (seconds since the epoch), or None."""
    return datetime.fromtimestamp(int(timestamp), tz=UTC) if timestamp else None


def is_not_found(error: Exception) -> bool:
    """True when Stripe answered 404 / resource_missing (a forged or foreign id)."""
    return isinstance(error, stripe.InvalidRequestError) and (
        error.http_status == 404 or getattr(error, "code", None) == "resource_missing"
    )


def dashboard_url(kind: str, stripe_id: str, *, livemode: bool | None = None) -> str:
    """The Stripe dashboard page for a customer, subscription, invoice..."""
    if livemode is None:
        livemode = settings.STRIPE_SECRET_KEY.startswith(("sk_live_", "rk_live_"))
    prefix = "" if livemode else "test/"
    return f"https://dashboard.stripe.com/{prefix}{kind}/{stripe_id}"
