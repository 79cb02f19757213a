"""Run the newsroom's periodic jobs in a loop: a cron replacement for small sites.

Each job is a management command that is safe to run at any time and any number of
times (they only act on what is due). `make run` starts this beside the worker; in
production run it as one more long-lived process, or call the commands from cron.
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)

# (command, interval in seconds): what is due is found by the command itself, so the
# interval only bounds how late a due item can be.
PERIODIC_JOBS: list[tuple[str, int]] = [
    ("gifts_sweep", 15 * 60),  # due deliveries, expiries, invitations to continue
    ("narrate_articles", 60 * 60),  # audio missing or out of date
    ("campaigns_recount", 60 * 60),  # supporter figures; counters re-derived from the ledger
    ("newsletters_resume", 15 * 60),  # sends a dead worker left unfinished
    # Django's own: expired sessions stay in the table forever otherwise (a growing
    # table of signed-in cookies that no longer work; Django leaves it to a cron job).
    ("clearsessions", 24 * 60 * 60),
]


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
