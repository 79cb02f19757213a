import json
import time

import pytest
from django.urls import reverse

from members.billing import webhooks
from members.billing.models import StripeEvent
from tests.members.signing import make_event, post_event, stripe_signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    """A handler for the made-up type "test.thing" that records its calls."""
    seen: list[str] = []

    def handle(event: dict) -> str | None:
        seen.append(event["id"])
        return f"handled {event['data']['object']['id']}"

    monkeypatch.setitem(webhooks._handlers, "test.thing", [handle])
    return seen


def test_it_processes_a_signed_event_once(client, calls):
    event = make_event("test.thing", {"id": "thing_1"})

    first = post_event(client, event)
    second = post_event(client, event)

    assert first.status_code == 200
    assert second.status_code == 200
    assert calls == ["evt_test_1"]
    record = StripeEvent.objects.get()
    assert record.status == StripeEvent.Status.PROCESSED
    assert record.result == "handled thing_1"
    assert record.attempts == 1


def test_it_refuses_a_bad_signature(client, calls):
    response = post_event(client, make_event("test.thing", {"id": "x"}), secret="whsec_wrong")

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    assert calls == []


def test_without_a_signing_secret_nothing_verifies(client, calls, settings):
    # An empty HMAC key is one anybody can sign with: refuse rather than accept.
    settings.STRIPE_WEBHOOK_SECRET = ""

    response = post_event(client, make_event("test.thing", {"id": "x"}))

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    assert calls == []


def test_it_refuses_a_missing_signature(client, calls):
    response = client.post(
        reverse("members:stripe-webhook"),
        data=json.dumps(make_event("test.thing", {"id": "x"})),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_it_refuses_a_stale_timestamp(client, calls):
    ten_minutes_ago = int(time.time()) - 600

    response = post_event(client, make_event("test.thing", {"id": "x"}), timestamp=ten_minutes_ago)

    assert response.status_code == 400
    assert calls == []


def test_it_refuses_a_signed_body_that_is_not_json(client, calls):
    response = post_event(client, b"{not json")

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_it_refuses_a_signed_json_body_that_is_not_an_event(client, calls):
    response = post_event(client, b'["a", "list"]')

    assert response.status_code == 400


def test_it_answers_an_unknown_event_type_with_200(client):
    response = post_event(client, make_event("balance.available", {"id": "bal_1"}))

    assert response.status_code == 200
    record = StripeEvent.objects.get()
    assert record.status == StripeEvent.Status.IGNORED
    assert record.result == "Not interested."


def test_get_is_not_allowed(client):
    assert client.get(reverse("members:stripe-webhook")).status_code == 405


def test_it_answers_503_when_a_handler_cannot_process_now(client, monkeypatch):
    attempts = []

    def handle(event: dict) -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise webhooks.RetryLater("Stripe is down")
        return "done"

    monkeypatch.setitem(webhooks._handlers, "test.thing", [handle])
    event = make_event("test.thing", {"id": "x"})

    first = post_event(client, event)
    retried = post_event(client, event)

    assert first.status_code == 503
    assert first.headers["Retry-After"]
    assert retried.status_code == 200
    record = StripeEvent.objects.get()
    assert (record.status, record.attempts, record.error) == ("processed", 2, "")


def test_a_failing_handler_leaves_no_partial_changes(client, monkeypatch, reader):
    def handle(event: dict) -> str:
        reader.first_name = "Changed"
        reader.save(update_fields=["first_name"])
        raise RuntimeError("bug")

    monkeypatch.setitem(webhooks._handlers, "test.thing", [handle])

    response = post_event(client, make_event("test.thing", {"id": "x"}))

    assert response.status_code == 500
    reader.refresh_from_db()
    assert reader.first_name == "Mykola"
    record = StripeEvent.objects.get()
    assert record.status == StripeEvent.Status.FAILED
    assert "RuntimeError: bug" in record.error


def test_several_handlers_can_share_an_event_type(client, monkeypatch):
    monkeypatch.setitem(
        webhooks._handlers, "test.thing", [lambda event: None, lambda event: "gift 3 paid"]
    )

    post_event(client, make_event("test.thing", {"id": "x"}))

    record = StripeEvent.objects.get()
    assert (record.status, record.result) == ("processed", "gift 3 paid")


def test_an_event_no_handler_claims_is_ignored(client, monkeypatch):
    monkeypatch.setitem(webhooks._handlers, "test.thing", [lambda event: None])

    response = post_event(client, make_event("test.thing", {"id": "x"}))

    assert response.status_code == 200
    assert StripeEvent.objects.get().status == StripeEvent.Status.IGNORED


def test_a_gift_checkout_is_not_the_membership_handlers_business(client):
    session = {
        "id": "cs_test_gift",
        "object": "checkout.session",
        "metadata": {"newsroom_kind": "gift"},
    }

    response = post_event(client, make_event("checkout.session.completed", session))

    assert response.status_code == 200
    assert StripeEvent.objects.get().status == StripeEvent.Status.IGNORED


def test_the_signature_header_format_matches_stripes():
    assert stripe_signature(b"{}", secret="whsec_x", timestamp=1).startswith("t=1,v1=")
