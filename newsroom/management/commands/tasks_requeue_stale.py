"""Put background tasks whose worker died back in the queue (see newsroom.queue)."""

from django.core.management.base import BaseCommand

from newsroom.queue import tasks_requeue_stale


class Command(BaseCommand):
    help = "Re-queue tasks left running by a worker that died (older than the task lease)."

    def handle(self, *args, **options) -> None:
        count = tasks_requeue_stale()
        if count:
            self.stdout.write(f"Re-queued {count} task(s) left running by a dead worker.")
