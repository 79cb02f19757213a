"""Run the whole site for development: web server, task worker and, with no Stripe
key configured, the offline fake Stripe. Ctrl-C stops everything it started."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import NoReverseMatch, reverse

from newsroom.management.commands.load_demo import DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD


class Command(BaseCommand):
    help = "Run the web server, the task worker and (offline) the fake Stripe together."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, port: int, **options) -> None:
        python = sys.executable
        site_url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL", site_url)}
        commands = {
            "worker": [python, "manage.py", "db_worker"],
            "periodic jobs": [python, "manage.py", "run_periodic"],
        }
        if settings.STRIPE_OFFLINE and find_spec("tests.fake_stripe"):
            commands["fake Stripe"] = [
                python, "-m", "tests.fake_stripe",
                "--port", str(settings.FAKE_STRIPE_PORT),
                "--webhook-url", site_url + self.webhook_path(),
                "--webhook-secret", settings.STRIPE_WEBHOOK_SECRET,
            ]  # fmt: skip
        commands["web"] = [python, "manage.py", "runserver", f"127.0.0.1:{port}"]

        # Each child gets its own process group, so stopping it also stops what it
        # started (runserver's autoreloader runs the server in a grandchild).
        processes = {
            name: subprocess.Popen(argv, env=env, start_new_session=True)  # noqa: S603
            for name, argv in commands.items()
        }
        signal.signal(signal.SIGTERM, self.interrupt)
        signal.signal(signal.SIGINT, self.interrupt)
        self.stdout.write(self.style.SUCCESS(f"\n{settings.SITE_NAME} is running at {site_url}/"))
        self.stdout.write(f"Demo editor: {DEMO_EDITOR_EMAIL} / {DEMO_EDITOR_PASSWORD}")
        if settings.STRIPE_OFFLINE:
            self.stdout.write("Payments use the offline fake Stripe: no card or account needed.")
        self.stdout.write("Press Ctrl-C to stop.\n")
        try:
            while all(process.poll() is None for process in processes.values()):
                time.sleep(0.5)
            stopped = [name for name, process in processes.items() if process.poll() is not None]
            self.stderr.write(f"{', '.join(stopped)} stopped; shutting down the rest.")
        except KeyboardInterrupt:
            pass
        finally:
            self.stop(processes)

    def interrupt(self, signum, frame) -> None:
        raise KeyboardInterrupt

    def stop(self, processes: dict[str, subprocess.Popen]) -> None:
        # Ctrl-C reaches us more than once (from the terminal and forwarded by
        # `uv run`); a second interrupt must not cut the clean-up short and leave
        # children running.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for process in processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)

    def webhook_path(self) -> str:
        try:
            return reverse("members:stripe-webhook")
        except NoReverseMatch:  # the memberships feature is not installed
            return "/stripe/webhook/"
