"""Queue narration for published articles whose audio is missing, out of date or lost.

Saving an article in the admin already does this; run this periodically (e.g. hourly from
cron) for articles changed by other routes: imports, the shell, data migrations."""

from django.core.management.base import BaseCommand

from articles.audio.services import articles_audio_sweep


class Command(BaseCommand):
    help = "Queue AI narration of published articles whose audio is missing or out of date."

    def handle(self, *args, **options) -> None:
        count = articles_audio_sweep()
        self.stdout.write(f"Checked {count} article(s); narration queued where needed.")
