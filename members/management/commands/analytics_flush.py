from django.core.management.base import BaseCommand

from members.analytics.flush import BATCH, analytics_flush, salts_rotate


class Command(BaseCommand):
    help = (
        "Make the next daily salts and delete past ones (and fold anything this process "
        "buffered into the roll-ups; web processes flush their own buffers). Safe to run "
        "at any time (every minute)."
    )

    def handle(self, *args, **options) -> None:
        deleted = salts_rotate()
        total = 0
        while (flushed := analytics_flush()) > 0:
            total += flushed
            if flushed < BATCH:
                break
        self.stdout.write(f"Analytics: {total:,} records flushed, {deleted} old salts deleted.")
