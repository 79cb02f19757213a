import pytest
from django.urls import reverse

from members.billing import webhooks
from members.billing.models import StripeEvent
from tests.members.signing import make_event, post_event

pytestmark = pytest.mark.django_db


def test_staff_see_events_with_their_result(client, editor):
    post_event(client, make_event("balance.available", {"id": "bal_1"}, event_id="evt_listed"))
    client.force_login(editor)

    response = client.get(reverse("admin:members_stripeevent_changelist"))

    assert response.status_code == 200
    assert b"evt_listed" in response.content
    assert b"Not interested." in response.content


def test_staff_can_reprocess_a_failed_event(client, editor, monkeypatch):
    outcomes = iter([RuntimeError("bug"), "fixed"])

    def handle(event: dict) -> str:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setitem(webhooks._handlers, "test.thing", [handle])
    post_event(client, make_event("test.thing", {"id": "x"}))
    record = StripeEvent.objects.get()
    assert record.status == StripeEvent.Status.FAILED
    client.force_login(editor)

    response = client.post(
        reverse("admin:members_stripeevent_changelist"),
        {"action": "reprocess", "_selected_action": [record.pk]},
        follow=True,
    )

    assert b"Reprocessed: 1 processed." in response.content
    record.refresh_from_db()
    assert (record.status, record.result, record.attempts) == ("processed", "fixed", 2)
