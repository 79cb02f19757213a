"""Two workers running the same narration at once: one stores its file, the other
stands down and removes its own."""

import threading

import pytest
from django.db import connection

from articles.audio.models import ArticleAudio
from articles.audio.services import article_audio_request
from articles.audio.tasks import article_audio_generate
from tests.articles.factories import ArticleFactory
from tests.audio import engines
from tests.audio.helpers import audio_of, stored_audio_files

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite takes the whole database's write lock at the start of every transaction
    # (transaction_mode IMMEDIATE), so writers never interleave there; and the test
    # database is in-memory with a shared cache, whose table locks ignore the busy
    # timeout and fail the second thread instead of making it wait.
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="row locks are exercised on PostgreSQL"
    ),
]


def test_two_tasks_for_the_same_article_do_not_both_write(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.NARRATION_ENGINE = engines.BARRIER
    engines.BarrierEngine.barrier = threading.Barrier(2)
    article = ArticleFactory()
    audio = article_audio_request(article_id=article.pk)  # queued (dummy backend), not run
    outcomes = []

    def worker() -> None:
        try:
            outcomes.append(
                article_audio_generate.call(article_id=article.pk, generation=audio.generation)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["ready", "superseded"]
    stored = audio_of(article)
    assert stored.status == ArticleAudio.Status.READY
    assert stored_audio_files() == [stored.file.name]
