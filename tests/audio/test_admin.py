"""Audio in the admin: status per article, the per-article switch, "Regenerate audio"."""

import pytest

from articles.audio.models import ArticleAudio
from articles.audio.services import article_audio_request
from tests.articles.admin_forms import existing_article_form_data
from tests.articles.factories import ArticleFactory
from tests.audio import engines
from tests.audio.helpers import audio_of, stored_audio_files

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/articles/article/"


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def test_the_article_list_shows_each_articles_audio_status(
    client, desk_editor, settings, django_capture_on_commit_callbacks
):
    ready = ArticleFactory(headline="Ready one")
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=ready.pk)
    pending = ArticleFactory(headline="Pending one")
    ArticleAudio.objects.create(article=pending)
    off = ArticleFactory(headline="Off one")
    ArticleAudio.objects.create(article=off, enabled=False)
    settings.NARRATION_ENGINE = engines.FAILING
    failed = ArticleFactory(headline="Failed one")
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=failed.pk)
    client.force_login(desk_editor)

    page = client.get(LIST_URL).content.decode()

    assert f"Ready ({audio_of(ready).duration_display})" in page
    assert "Pending" in page
    assert "Off" in page
    assert "Failed: NarrationError: The voice server is unreachable." in page


def test_an_editor_regenerates_audio_from_the_article_list(
    client, desk_editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    before = audio_of(article)
    client.force_login(desk_editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LIST_URL,
            {"action": "regenerate_audio", "_selected_action": [article.pk]},
            follow=True,
        )

    assert "Narration queued for 1 article." in response.content.decode()
    after = audio_of(article)
    assert after.generation == before.generation + 1
    assert after.status == ArticleAudio.Status.READY
    assert after.generated_at > before.generated_at
    assert stored_audio_files() == [after.file.name]


def test_regenerating_a_draft_says_it_was_skipped(client, desk_editor):
    draft = ArticleFactory(status="draft", publish_at=None)
    client.force_login(desk_editor)
    response = client.post(
        LIST_URL, {"action": "regenerate_audio", "_selected_action": [draft.pk]}, follow=True
    )
    assert "1 article skipped" in response.content.decode()
    assert not ArticleAudio.objects.exists()


def test_a_failed_narration_is_regenerated_from_the_audio_list(
    client, desk_editor, settings, django_capture_on_commit_callbacks
):
    settings.NARRATION_ENGINE = engines.FAILING
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    audio = audio_of(article)
    client.force_login(desk_editor)
    failures = client.get("/admin/articles/articleaudio/?status__exact=failed").content.decode()
    assert "The voice server is unreachable." in failures

    settings.NARRATION_ENGINE = engines.TONE  # the voice server is back
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/articles/articleaudio/",
            {"action": "regenerate_audio", "_selected_action": [audio.pk]},
        )
    assert audio_of(article).status == ArticleAudio.Status.READY


def test_an_editor_switches_audio_off_for_an_article(
    client, desk_editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    audio = audio_of(article)
    client.force_login(desk_editor)
    form = client.get(change_url(article)).content.decode()
    assert "Offer readers an AI-narrated audio version of this article." in form
    assert f"Ready ({audio.duration_display})" in form

    data = existing_article_form_data(article)
    data.update(
        {
            "audio-TOTAL_FORMS": "1",
            "audio-INITIAL_FORMS": "1",
            "audio-0-id": audio.pk,
            "audio-0-article": article.pk,
            # "audio-0-enabled" left out: the box is unticked.
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(article), data)
    assert response.status_code == 302

    assert audio_of(article).enabled is False
    assert "<audio" not in client.get(article.get_absolute_url()).content.decode()
    assert client.get("/feeds/audio/").content.count(b"<item>") == 0


def test_a_new_article_can_be_published_with_audio_off(
    client, desk_editor, django_capture_on_commit_callbacks
):
    from tests.articles.admin_forms import article_form_data
    from tests.articles.factories import AuthorFactory, SectionFactory

    client.force_login(desk_editor)
    data = article_form_data(
        section=SectionFactory(), authors=[AuthorFactory()], status="published", slug="quiet"
    )
    # The form as the admin renders it, with the "audio version" box unticked.
    data["audio-TOTAL_FORMS"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.content.decode()
    audio = ArticleAudio.objects.get(article__slug="quiet")
    assert audio.enabled is False
    assert stored_audio_files() == []


def test_reporters_do_not_see_the_audio_controls(client, reporter):
    article = ArticleFactory(status="draft", publish_at=None, authors=[reporter.author])
    client.force_login(reporter)
    form = client.get(change_url(article)).content.decode()
    assert "Offer readers an AI-narrated audio version" not in form
