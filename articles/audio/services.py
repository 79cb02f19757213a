"""What the rest of the site calls to keep articles' audio in step with their text.

Narration is asked for from the place articles are saved (the admin, after the byline is
saved too, because the byline is narrated) and from the sweep, which catches what no save
hook sees: articles changed from the shell or an import, demo content, and requests whose
task was lost. Scheduled articles are narrated when they are scheduled, so going live by
time needs no save and no extra work.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from articles.models import Article

from .content import article_narration_text, article_wants_audio, narration_hash
from .models import ArticleAudio
from .tasks import article_audio_enqueue

# A pending request older than this, with no retry due, has lost its task (a worker
# killed mid-narration): the sweep asks again.
LOST_AFTER = timedelta(hours=3)


def article_audio_request(*, article_id: int, force: bool = False) -> ArticleAudio | None:
    """Make sure the article's audio narrates its current text; enqueue narration if not.

    Cheap when nothing changed (one hash of the text). ``force`` narrates again even then
    (the admin's "regenerate"). The task is enqueued after commit, so the caller's save
    never waits for narration nor fails because of it. Returns the audio row, or None
    when the article is not (about to be) published or audio is off site-wide.
    """
    if not settings.ARTICLE_AUDIO:
        return None
    article = (
        Article.objects.prefetch_related("article_authors__author").filter(pk=article_id).first()
    )
    if article is None or not article_wants_audio(article):
        return None
    text_hash = narration_hash(article_narration_text(article))
    now = timezone.now()
    with transaction.atomic():
        ArticleAudio.objects.get_or_create(article_id=article_id)
        # Locked: two saves at once must not both enqueue under one generation number.
        audio = ArticleAudio.objects.select_for_update().get(article_id=article_id)
        audio.checked_at = now
        up_to_date = audio.requested_hash == text_hash
        if not audio.enabled or (up_to_date and not force):
            # Pending: its task is on the way. Ready: done. Failed: retried on the next
            # change of text or by "regenerate", not on every save.
            audio.save(update_fields=["checked_at"])
            return audio
        audio.generation += 1
        audio.requested_hash = text_hash
        audio.status = ArticleAudio.Status.PENDING
        audio.attempts = 0
        audio.last_error = ""
        audio.retry_at = None
        audio.requested_at = now
        audio.save()
        article_audio_enqueue(article_id=article_id, generation=audio.generation)
    return audio


def article_audio_regenerate(*, article_id: int) -> ArticleAudio | None:
    """Narrate the article again now, whatever its audio's state (the admin action)."""
    return article_audio_request(article_id=article_id, force=True)


def articles_audio_sweep(*, now: datetime | None = None, lost_after: timedelta = LOST_AFTER) -> int:
    """Ask for narration where it is missing, may be stale or was lost; return how many
    articles were looked at. For a periodic job (`manage.py narrate_articles`) and the demo.

    Only articles saved since their audio was last checked are hashed again, so a run
    over an archive of thousands costs a query when nothing changed. Newest articles
    are queued first. A pending request older than ``lost_after`` is asked for again
    under a new generation number; if its task was only slow, not lost, that task then
    finds itself superseded and stops before narrating.
    """
    if not settings.ARTICLE_AUDIO:
        return 0
    now = now or timezone.now()
    live = Article.objects.filter(
        status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
        publish_at__isnull=False,
        language__in=settings.NARRATION_LANGUAGES,
    )
    changed = live.filter(
        Q(audio__isnull=True)
        | Q(audio__enabled=True, audio__checked_at__isnull=True)
        | Q(audio__enabled=True, audio__checked_at__lt=F("modified_at"))
    )
    lost = live.filter(
        audio__enabled=True,
        audio__status=ArticleAudio.Status.PENDING,
        audio__requested_at__lte=now - lost_after,
    ).filter(Q(audio__retry_at__isnull=True) | Q(audio__retry_at__lte=now - lost_after))
    # Readers' newest first; articles scheduled for later after them.
    newest_first = (
        Case(When(publish_at__gt=now, then=1), default=0),
        F("publish_at").desc(),
        F("pk").desc(),
    )
    changed_ids = list(changed.order_by(*newest_first).values_list("pk", flat=True))
    changed_set = set(changed_ids)
    lost_ids = [
        article_id
        for article_id in lost.order_by(*newest_first).values_list("pk", flat=True)
        if article_id not in changed_set
    ]
    for article_id in changed_ids:
        article_audio_request(article_id=article_id)
    for article_id in lost_ids:
        article_audio_request(article_id=article_id, force=True)
    return len(changed_ids) + len(lost_ids)
