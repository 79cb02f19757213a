"""Demo audio: ask for narration of every demo article. Only enqueues (fast); the
worker that `manage.py rundemo` starts narrates them in the background, newest first
as the queue allows, so the site is up at once and players appear as files are ready."""

from typing import TextIO

from django.conf import settings

from .services import articles_audio_sweep


def load(*, stdout: TextIO) -> None:
    if not settings.ARTICLE_AUDIO:
        return
    count = articles_audio_sweep()
    if count:
        stdout.write(
            f"Audio: narration of {count} article(s) queued; the background worker "
            "narrates them (a few seconds to a minute each), and each article page shows "
            "its player once its audio is ready."
        )
