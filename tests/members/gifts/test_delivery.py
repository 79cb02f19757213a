"""Scheduled delivery on the chosen day, in the newsroom's timezone."""

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from members.gifts.models import Gift
from members.gifts.sweeping import gift_sweep
from newsroom.clock import newsroom_today

from .factories import GiftFactory
from .journey import gift_checkout_start

pytestmark = pytest.mark.django_db

# Kyiv is UTC+2 in winter: 07:00 there on 15 January is 05:00 UTC.
DAY = date(2027, 1, 15)


def scheduled_gift(deliver_on: date = DAY) -> Gift:
    return GiftFactory(status=Gift.Status.SCHEDULED, deliver_on=deliver_on, delivered_at=None)


def test_the_delivery_task_is_queued_for_seven_in_the_morning_newsroom_time(
    client, settings, stripe_fake, deliver, gift_prices
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    day = newsroom_today() + timedelta(days=30)
    gift = gift_checkout_start(client, gift_prices[3], deliver_on=day.isoformat())
    stripe_fake.pay_checkout_session(gift.stripe_checkout_session_id)

    deliver()

    task = DBTaskResult.objects.get(task_path__endswith="gift_deliver_task")
    assert task.args_kwargs["kwargs"] == {"gift_id": gift.pk}
    kyiv = ZoneInfo("Europe/Kyiv")
    assert task.run_after == datetime(day.year, day.month, day.day, 7, tzinfo=kyiv)
    assert task.run_after.astimezone(UTC).hour in {4, 5}  # UTC+3 in summer, UTC+2 in winter


def test_a_sweep_before_seven_local_time_does_not_deliver(django_capture_on_commit_callbacks):
    gift = scheduled_gift()

    with django_capture_on_commit_callbacks(execute=True):
        # 06:30 in Kyiv, although already 15 January in UTC too.
        counts = gift_sweep(now=datetime(2027, 1, 15, 4, 30, tzinfo=UTC))

    assert counts["delivered"] == 0
    gift.refresh_from_db()
    assert gift.status == Gift.Status.SCHEDULED
    assert mail.outbox == []


def test_a_sweep_after_seven_local_time_delivers_once(django_capture_on_commit_callbacks):
    gift = scheduled_gift()
    moment = datetime(2027, 1, 15, 5, 30, tzinfo=UTC)  # 07:30 in Kyiv, 05:30 in UTC

    with django_capture_on_commit_callbacks(execute=True):
        first = gift_sweep(now=moment)
        second = gift_sweep(now=moment)

    assert (first["delivered"], second["delivered"]) == (1, 0)
    gift.refresh_from_db()
    assert gift.status == Gift.Status.DELIVERED
    assert [message.to for message in mail.outbox] == [["friend@example.com"]]


def test_a_gift_missed_while_the_worker_was_down_goes_out_with_the_next_sweep(
    django_capture_on_commit_callbacks,
):
    gift = scheduled_gift(deliver_on=newsroom_today() - timedelta(days=2))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("gifts_sweep", stdout=io.StringIO())

    gift.refresh_from_db()
    assert gift.status == Gift.Status.DELIVERED
    assert len(mail.outbox) == 1


def test_unclaimed_gifts_expire_after_twelve_months():
    gift = GiftFactory()

    gift_sweep(now=gift.expires_at - timedelta(seconds=1))
    gift.refresh_from_db()
    assert gift.status == Gift.Status.DELIVERED

    gift_sweep(now=gift.expires_at)
    gift.refresh_from_db()
    assert gift.status == Gift.Status.EXPIRED


def test_staff_moving_a_scheduled_gift_to_a_day_gone_by_sends_it_now(
    client, editor, django_capture_on_commit_callbacks
):
    gift = scheduled_gift()
    client.force_login(editor)
    data = {
        "giver_name": gift.giver_name,
        "giver_email": gift.giver_email,
        "recipient_name": gift.recipient_name,
        "recipient_email": gift.recipient_email,
        "message": gift.message,
        "deliver_on": (newsroom_today() - timedelta(days=1)).isoformat(),
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:members_gift_change", args=[gift.pk]), data)

    assert response.status_code == 302
    gift.refresh_from_db()
    assert gift.status == Gift.Status.DELIVERED
    assert [message.to for message in mail.outbox] == [["friend@example.com"]]
