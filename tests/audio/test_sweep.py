"""The sweep (`manage.py narrate_articles`, also run by the demo): narration for articles
no admin save announced: created or changed elsewhere, or whose task was lost."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.audio.models import ArticleAudio
from articles.audio.services import article_audio_request, articles_audio_sweep
from articles.audio.tasks import article_audio_generate
from articles.models import Article
from tests.articles.factories import ArticleFactory
from tests.audio.helpers import audio_of

pytestmark = pytest.mark.django_db


def narrations(results: list) -> list:
    return [result for result in results if result.task.func is article_audio_generate.func]


def test_the_sweep_narrates_published_and_scheduled_articles_without_audio(
    django_capture_on_commit_callbacks,
):
    published = ArticleFactory()
    scheduled = ArticleFactory(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() + timedelta(days=1)
    )
    draft = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("narrate_articles", stdout=StringIO())

    assert audio_of(published).status == ArticleAudio.Status.READY
    assert audio_of(scheduled).status == ArticleAudio.Status.READY
    assert not ArticleAudio.objects.filter(article=draft).exists()


def test_the_sweep_renarrates_text_changed_outside_the_admin(django_capture_on_commit_callbacks):
    article = ArticleFactory(body="<p>Old text.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        articles_audio_sweep()
    first = audio_of(article)

    article.refresh_from_db()
    article.body = "<p>New text from an import.</p>"
    article.save()  # modified_at moves on
    with django_capture_on_commit_callbacks(execute=True):
        articles_audio_sweep()

    assert audio_of(article).text_hash != first.text_hash
    assert audio_of(article).status == ArticleAudio.Status.READY


def test_a_sweep_with_nothing_to_do_is_one_query_per_kind_of_check(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    for _ in range(3):
        ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        articles_audio_sweep()
    # Queries: articles saved since their audio was checked (or without audio);
    # articles whose narration request was lost. Nothing is hashed again.
    with django_assert_num_queries(2):
        articles_audio_sweep()


def test_the_sweep_asks_again_for_a_narration_whose_task_was_lost(
    django_capture_on_commit_callbacks,
):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=False):
        audio = article_audio_request(article_id=article.pk)  # the worker died with it
    ArticleAudio.objects.filter(pk=audio.pk).update(
        requested_at=timezone.now() - timedelta(hours=4)
    )

    with django_capture_on_commit_callbacks(execute=True):
        articles_audio_sweep()

    assert audio_of(article).status == ArticleAudio.Status.READY
    assert audio_of(article).generation == audio.generation + 1


def test_the_demo_queues_narration_without_running_it(settings, django_capture_on_commit_callbacks):
    # As under `make run`: the database queue, so loading the demo only enqueues.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.DEBUG = True  # load_demo is for development sites
    from django.tasks import default_task_backend

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=out)

    # Only the editions with an installed voice (the Ukrainian demo stories have none).
    live = Article.objects.filter(
        status__in=["published", "scheduled"], language__in=settings.NARRATION_LANGUAGES
    ).count()
    assert live < Article.objects.filter(status__in=["published", "scheduled"]).count()
    assert ArticleAudio.objects.filter(status=ArticleAudio.Status.PENDING).count() == live
    assert len(narrations(default_task_backend.results)) == live
    assert "narration of" in out.getvalue()
    assert not ArticleAudio.objects.filter(status=ArticleAudio.Status.READY).exists()
    newest = Article.objects.filter(status="published").order_by("-publish_at").first()
    assert narrations(default_task_backend.results)[0].kwargs["article_id"] == newest.pk

    # Stopped before the worker got through them all, and started again: what is still
    # pending is queued again (the old tasks, if any run, find themselves superseded).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    assert len(narrations(default_task_backend.results)) == 2 * live
    assert set(ArticleAudio.objects.values_list("generation", flat=True)) == {2}
