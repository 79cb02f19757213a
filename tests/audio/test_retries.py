"""A failing engine: the error is recorded, the narration retried with backoff, and the
article stays published."""

from datetime import timedelta

import pytest
from django.tasks import default_task_backend
from django.utils import timezone

from articles.audio.models import ArticleAudio
from articles.audio.services import article_audio_request
from articles.audio.tasks import article_audio_generate
from articles.models import Article
from tests.articles.admin_forms import article_form_data
from tests.articles.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.audio import engines
from tests.audio.helpers import audio_of, stored_audio_files

pytestmark = pytest.mark.django_db


def test_a_failing_engine_records_the_error_and_the_article_stays_published(
    client, editor, settings, django_capture_on_commit_callbacks
):
    settings.NARRATION_ENGINE = engines.FAILING
    client.force_login(editor)
    data = article_form_data(
        section=SectionFactory(), authors=[AuthorFactory()], status="published", slug="kept"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302

    article = Article.objects.get(slug="kept")
    assert article.status == Article.Status.PUBLISHED
    audio = audio_of(article)
    # The in-process test backend cannot defer, so every retry ran at once.
    assert engines.FailingEngine.calls == settings.NARRATION_MAX_ATTEMPTS
    assert audio.status == ArticleAudio.Status.FAILED
    assert audio.attempts == settings.NARRATION_MAX_ATTEMPTS
    assert audio.last_error == "NarrationError: The voice server is unreachable."
    assert stored_audio_files() == []

    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert b"article-audio" not in page.content

    listing = client.get("/admin/articles/article/").content.decode()
    assert "Failed: NarrationError: The voice server is unreachable." in listing


def test_a_failed_narration_is_retried_and_then_succeeds(
    settings, django_capture_on_commit_callbacks
):
    settings.NARRATION_ENGINE = engines.FLAKY
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)

    audio = audio_of(article)
    assert engines.FlakyEngine.calls == 2
    assert audio.status == ArticleAudio.Status.READY
    assert audio.attempts == 2
    assert audio.last_error == ""
    assert audio.is_playable


def test_a_retry_is_scheduled_later_with_growing_delays(
    settings, django_capture_on_commit_callbacks
):
    settings.NARRATION_ENGINE = engines.FAILING
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        audio = article_audio_request(article_id=article.pk)
    queued = default_task_backend.results
    assert [result.kwargs for result in queued] == [
        {"article_id": article.pk, "generation": audio.generation, "attempt": 1}
    ]

    delays = []
    for attempt in (1, 2):
        started = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            outcome = article_audio_generate.call(
                article_id=article.pk, generation=audio.generation, attempt=attempt
            )
        assert outcome == "retrying"
        retry = queued[-1]
        assert retry.kwargs["attempt"] == attempt + 1
        assert retry.task.run_after == audio_of(article).retry_at
        delays.append(retry.task.run_after - started)
        assert audio_of(article).status == ArticleAudio.Status.PENDING
        assert "unreachable" in audio_of(article).last_error

    assert timedelta(seconds=59) < delays[0] <= timedelta(minutes=1, seconds=5)
    assert timedelta(minutes=4) < delays[1] <= timedelta(minutes=5, seconds=5)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = article_audio_generate.call(
            article_id=article.pk, generation=audio.generation, attempt=3
        )
    assert outcome == "failed"
    assert len(queued) == 3  # no fourth attempt
    assert audio_of(article).status == ArticleAudio.Status.FAILED
    assert audio_of(article).retry_at is None


def test_a_failed_article_is_narrated_again_when_its_text_changes(
    settings, django_capture_on_commit_callbacks
):
    settings.NARRATION_ENGINE = engines.FAILING
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    assert audio_of(article).status == ArticleAudio.Status.FAILED

    settings.NARRATION_ENGINE = engines.TONE
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)  # same text: stays failed
    assert audio_of(article).status == ArticleAudio.Status.FAILED

    Article.objects.filter(pk=article.pk).update(body="<p>A fuller account.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    assert audio_of(article).status == ArticleAudio.Status.READY
    assert audio_of(article).attempts == 1
