"""Deliver due gifts, expire unclaimed ones, invite and end gift memberships.

Run it hourly (cron, a systemd timer): `python manage.py gifts_sweep`. Scheduled
delivery tasks normally send gifts on time; this catches anything they missed.
"""

from django.core.management.base import BaseCommand

from members.gifts.sweeping import gift_sweep


class Command(BaseCommand):
    help = "Deliver due gifts, expire unclaimed gifts, invite and end gift memberships."

    def handle(self, *args, **options) -> None:
        counts = gift_sweep()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
