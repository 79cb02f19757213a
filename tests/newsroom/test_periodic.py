import io
from datetime import timedelta
from unittest import mock

from django.core import mail
from django.core.management import call_command

from members.gifts.models import Gift
from newsroom.clock import newsroom_today
from newsroom.management.commands import run_periodic
from tests.members.gifts.factories import GiftFactory


def test_one_round_of_periodic_jobs_delivers_a_missed_gift(db, django_capture_on_commit_callbacks):
    gift = GiftFactory(
        status=Gift.Status.SCHEDULED,
        deliver_on=newsroom_today() - timedelta(days=1),
        delivered_at=None,
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic", "--once", stdout=io.StringIO(), stderr=io.StringIO())

    gift.refresh_from_db()
    assert gift.status == Gift.Status.DELIVERED
    assert [message.to for message in mail.outbox] == [["friend@example.com"]]


def test_a_failing_job_does_not_stop_the_others(db, caplog):
    ran = []

    def fake_call_command(name, **kwargs):
        ran.append(name)
        if name == "gifts_sweep":
            raise RuntimeError("mail server down")

    with mock.patch.object(run_periodic, "call_command", fake_call_command):
        call_command("run_periodic", "--once", stdout=io.StringIO())

    assert ran == [name for name, _ in run_periodic.PERIODIC_JOBS]
    assert "Periodic job gifts_sweep failed" in caplog.text


def test_a_second_periodic_process_skips_a_round_the_first_just_ran(db):
    assert run_periodic.job_claim(name="gifts_sweep", interval=900) is True
    # Another copy of run_periodic, a moment later: the round is taken.
    assert run_periodic.job_claim(name="gifts_sweep", interval=900) is False
    # Other jobs are claimed on their own.
    assert run_periodic.job_claim(name="campaigns_recount", interval=3600) is True


def test_a_round_is_claimed_again_once_its_interval_has_passed(db):
    from django.utils import timezone

    from newsroom.models import PeriodicJobRun

    run_periodic.job_claim(name="gifts_sweep", interval=900)
    PeriodicJobRun.objects.filter(name="gifts_sweep").update(
        started_at=timezone.now() - timedelta(seconds=900)
    )
    assert run_periodic.job_claim(name="gifts_sweep", interval=900) is True


def test_two_periodic_processes_started_together_run_each_job_once(db):
    ran = []

    def fake_call_command(name, **kwargs):
        ran.append(name)

    with mock.patch.object(run_periodic, "call_command", fake_call_command):
        call_command("run_periodic", "--once", stdout=io.StringIO())
        call_command("run_periodic", "--once", stdout=io.StringIO())

    assert ran == [name for name, _ in run_periodic.PERIODIC_JOBS]
