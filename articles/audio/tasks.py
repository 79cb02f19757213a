"""The background narration of articles, with bounded retries.

Django's tasks have no automatic retry, so a failed narration re-enqueues itself with
``run_after`` (1 min, 5 min, 25 min, ...) until ``settings.NARRATION_MAX_ATTEMPTS``, then the
row is marked failed with the error for the editors. Nothing here touches the article
itself: it stays published whatever happens to its audio.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles.models import Article
from articles.narration import narrate_text

from .content import article_narration_text, article_wants_audio, narration_hash
from .models import ArticleAudio

logger = logging.getLogger(__name__)

# Below the default priority (0): a worker sends waiting emails before starting a
# narration, which can take a minute of CPU.
NARRATION_PRIORITY = -10
FIRST_RETRY_DELAY = timedelta(minutes=1)
RETRY_BACKOFF_FACTOR = 5
MAX_RETRY_DELAY = timedelta(hours=6)


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (1, 2, ...)."""
    return min(FIRST_RETRY_DELAY * RETRY_BACKOFF_FACTOR ** (attempt - 1), MAX_RETRY_DELAY)


def article_audio_enqueue(*, article_id: int, generation: int, attempt: int = 1, run_after=None):
    """Enqueue the narration after the current transaction commits.

    ``robust``: if the queue cannot take it (the database went away), the save that
    asked for it still stands; the sweep (`narrate_articles`) finds the audio pending.
    Backends that cannot defer (the in-process one in tests) run retries at once.
    """
    deferred = article_audio_generate
    if run_after is not None and article_audio_generate.get_backend().supports_defer:
        deferred = article_audio_generate.using(run_after=run_after)
    transaction.on_commit(
        lambda: deferred.enqueue(article_id=article_id, generation=generation, attempt=attempt),
        robust=True,
    )


def _is_current(audio: ArticleAudio | None, generation: int) -> bool:
    return (
        audio is not None
        and audio.enabled
        and audio.generation == generation
        and audio.status == ArticleAudio.Status.PENDING
    )


@task(priority=NARRATION_PRIORITY)
def article_audio_generate(*, article_id: int, generation: int, attempt: int = 1) -> str:
    """Narrate the article and store the MP3, if this request is still the current one."""
    audio = ArticleAudio.objects.filter(article_id=article_id).first()
    if not _is_current(audio, generation):
        return "superseded"
    article = Article.objects.filter(pk=article_id).prefetch_related("article_authors__author")
    article = article.first()
    if article is None or not article_wants_audio(article) or not settings.ARTICLE_AUDIO:
        return "not wanted"
    text = article_narration_text(article)
    text_hash = narration_hash(text)
    if text_hash != audio.requested_hash:
        # Changed by a route that did not ask for audio (the shell, an import): the sweep
        # asks for it. Narrating the new text under the old request would be a guess.
        return "text changed"

    # The slow part runs with no lock and no transaction open.
    try:
        narrated = narrate_text(text)
        name = default_storage.save(
            f"audio/{article.slug}-{text_hash[:12]}.{narrated.extension}",
            ContentFile(narrated.data),
        )
    except Exception as error:
        logger.warning("Narration of article %s failed (attempt %s)", article_id, attempt,
                       exc_info=True)  # fmt: skip
        return _record_failure(article_id, generation, attempt, error)

    with transaction.atomic():
        # Locked so that two tasks for the same article (a duplicate, or one overtaken
        # by a correction) cannot both write: the second sees the first's result.
        audio = ArticleAudio.objects.select_for_update().filter(article_id=article_id).first()
        if not _is_current(audio, generation):
            transaction.on_commit(lambda: default_storage.delete(name))
            return "superseded"
        old_name = audio.file.name
        audio.file.name = name
        audio.mime_type = narrated.mime_type
        audio.file_size = len(narrated.data)
        audio.duration_seconds = narrated.duration_seconds
        audio.text_hash = text_hash
        audio.engine = settings.NARRATION_ENGINE
        audio.status = ArticleAudio.Status.READY
        audio.attempts = attempt
        audio.last_error = ""
        audio.retry_at = None
        audio.generated_at = timezone.now()
        audio.save()
        if old_name and old_name != name:
            transaction.on_commit(lambda: default_storage.delete(old_name))
    return "ready"


def _record_failure(article_id: int, generation: int, attempt: int, error: Exception) -> str:
    with transaction.atomic():
        audio = ArticleAudio.objects.select_for_update().filter(article_id=article_id).first()
        if not _is_current(audio, generation):
            return "superseded"
        audio.attempts = attempt
        audio.last_error = f"{type(error).__name__}: {error}"[:2000]
        if attempt < settings.NARRATION_MAX_ATTEMPTS:
            audio.retry_at = timezone.now() + retry_delay(attempt)
            article_audio_enqueue(
                article_id=article_id,
                generation=generation,
                attempt=attempt + 1,
                run_after=audio.retry_at,
            )
            outcome = "retrying"
        else:
            audio.status = ArticleAudio.Status.FAILED
            audio.retry_at = None
            outcome = "failed"
        audio.save(update_fields=["attempts", "last_error", "retry_at", "status"])
    return outcome
