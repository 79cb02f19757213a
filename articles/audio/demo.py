"""Demo audio: ask for narration of every demo article. Only enqueues (fast); the
worker that `manage.py rundemo` starts narrates them in the background, newest first,
so the site is up at once and players appear as files are ready."""

from datetime import timedelta
from typing import TextIO

from django.conf import settings

from .services import articles_audio_sweep


def load(*, stdout: TextIO) -> None:
    if not settings.ARTICLE_AUDIO:
        return
    # Anything still pending was cut short when the demo was last stopped (Ctrl-C ends
    # the worker mid-narration): ask again now rather than after the usual hours.
    count = articles_audio_sweep(lost_after=timedelta(0))
    if count:
        stdout.write(
            f"Audio: narration of {count} article(s) queued; the background worker "
            "narrates them (a few seconds to a minute each), and each article page shows "
            "its player once its audio is ready."
        )
