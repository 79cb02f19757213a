"""Sign webhook payloads the way Stripe does, for tests that post events themselves."""

import hashlib
import hmac
import json
import time

from django.conf import settings
from django.urls import reverse


def stripe_signature(payload: bytes, *, secret: str | None = None, timestamp: int | None = None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = secret or settings.STRIPE_WEBHOOK_SECRET
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def make_event(event_type: str, data_object: dict, *, event_id: str = "evt_test_1", created=None):
    return {
        "id": event_id,
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created or int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
        "data": {"object": data_object},
    }


def post_event(client, event: dict | bytes, **signature_options):
    payload = event if isinstance(event, bytes) else json.dumps(event).encode()
    return client.post(
        reverse("members:stripe-webhook"),
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": stripe_signature(payload, **signature_options)},
    )
