"""Run the newsroom's periodic jobs in a loop: a cron replacement for small sites.

Each job is a management command that is safe to run at any time and any number of
times (they only act on what is due). `make run` starts this beside the worker; in
production run it as one more long-lived process, or call the commands from cron.

Any number of copies may run (a spare on a second machine, an overlap during a
deploy): before running a job, a process claims it in the database (the job's
`PeriodicJobRun` row, locked and stamped in one short transaction), and a job
claimed less than one interval ago is skipped. So each round runs once, in
whichever process got there first.
"""

import logging
import time
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsroom.models import PeriodicJobRun

logger = logging.getLogger(__name__)

# (command, interval in seconds): what is due is found by the command itself, so the
# interval only bounds how late a due item can be.
PERIODIC_JOBS: list[tuple[str, int]] = [
    ("gifts_sweep", 15 * 60),  # due deliveries, expiries, invitations to continue
    ("narrate_articles", 60 * 60),  # audio missing or out of date
    ("campaigns_recount", 60 * 60),  # supporter figures; counters re-derived from the ledger
    ("newsletters_resume", 15 * 60),  # sends a dead worker left unfinished
    ("analytics_flush", 60),  # the daily salts (web processes flush their own views)
    ("tasks_requeue_stale", 60),  # tasks a killed worker left marked as running
    # Django's own: expired sessions stay in the table forever otherwise (a growing
    # table of signed-in cookies that no longer work; Django leaves it to a cron job).
    ("clearsessions", 24 * 60 * 60),
]


def job_claim(*, name: str, interval: int) -> bool:
    """Claim one round of a job for this process; False if another process ran it
    less than `interval` seconds ago."""
    now = timezone.now()
    try:
        PeriodicJobRun.objects.get_or_create(name=name)
    except IntegrityError:  # another process created the row at the same moment
        pass
    with transaction.atomic():
        # The row lock makes a second process wait here until the first has
        # stamped the row, and then see the fresh stamp and skip.
        run = PeriodicJobRun.objects.select_for_update().get(name=name)
        # A little slack, so the process that ran the last round (and so wakes up
        # first) is not beaten by a few milliseconds of its own timing.
        if run.started_at and run.started_at > now - timedelta(seconds=interval) + timedelta(
            seconds=1
        ):
            return False
        run.started_at = now
        run.save(update_fields=["started_at"])
    return True


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (gifts, narration, campaign recount, newsletter sends, "
        "expired sessions) forever."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, once: bool, **options) -> None:
        next_run = {name: 0.0 for name, _ in PERIODIC_JOBS}
        while True:
            for name, interval in PERIODIC_JOBS:
                if time.monotonic() >= next_run[name]:
                    if job_claim(name=name, interval=interval):
                        self.run_job(name)
                    next_run[name] = time.monotonic() + interval
            if once:
                return
            time.sleep(10)

    def run_job(self, name: str) -> None:
        try:
            call_command(name, stdout=self.stdout, stderr=self.stderr)
        except Exception:
            # Like cron: one failing job must not stop the others, and it runs again
            # at its next interval.
            logger.exception("Periodic job %s failed", name)
