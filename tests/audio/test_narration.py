"""Publishing narrates the article in the background; corrections renarrate it; stale and
duplicate tasks leave newer audio alone."""

import miniaudio
import pytest
from django.core.files.storage import default_storage

from articles.audio.content import article_narration_text, narration_hash
from articles.audio.models import ArticleAudio
from articles.audio.services import article_audio_request
from articles.audio.tasks import article_audio_generate
from articles.models import Article
from tests.articles.admin_forms import article_form_data, existing_article_form_data
from tests.articles.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.audio import engines
from tests.audio.helpers import audio_of, narrated_words, stored_audio_files

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
TONE_SECONDS_PER_WORD = 0.3  # ToneTestEngine's default


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def test_publishing_in_the_admin_narrates_the_article_into_a_decodable_mp3(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    author = AuthorFactory(name="Oksana Hnatiuk")
    data = article_form_data(
        section=SectionFactory(),
        authors=[author],
        status="published",
        headline="Night trains keep running",
        slug="night-trains",
        body="<p>The train leaves Kyiv <strong>in the evening</strong>.</p>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, data)
    assert response.status_code == 302

    article = Article.objects.get(slug="night-trains")
    audio = audio_of(article)
    assert audio.status == ArticleAudio.Status.READY
    assert audio.is_playable
    text = article_narration_text(article)
    assert text == (
        "Night trains keep running.\n\nBy Oksana Hnatiuk.\n\nThe train leaves Kyiv in the evening."
    )
    assert audio.text_hash == narration_hash(text)
    data = default_storage.open(audio.file.name).read()
    assert len(data) == audio.file_size
    decoded = miniaudio.mp3_read_s16(data)
    decoded_seconds = decoded.num_frames / decoded.sample_rate
    words = len(text.split())
    assert decoded_seconds == pytest.approx(words * TONE_SECONDS_PER_WORD, abs=0.2)
    assert audio.duration_seconds == pytest.approx(decoded_seconds, abs=0.2)
    assert audio.mime_type == "audio/mpeg"
    assert audio.file.name.startswith("audio/night-trains-")
    assert audio.engine == engines.TONE


def test_a_draft_is_not_narrated(client, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    data = article_form_data(section=SectionFactory(), authors=[AuthorFactory()], status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADD_URL, data)
    assert not ArticleAudio.objects.exists()


def test_a_correction_regenerates_the_audio_and_removes_the_old_file(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    article = ArticleFactory(body="<p>The bridge reopens on Monday.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    before = audio_of(article)
    assert before.status == ArticleAudio.Status.READY

    corrected = "<p>The bridge reopens on Tuesday, after the last inspection of its cables.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(article),
            existing_article_form_data(article, body=corrected, correction="It is Tuesday."),
        )
    assert response.status_code == 302

    after = audio_of(article)
    assert after.status == ArticleAudio.Status.READY
    assert after.generation == before.generation + 1
    assert after.text_hash != before.text_hash
    assert after.file.name != before.file.name
    assert stored_audio_files() == [after.file.name]
    assert after.duration_seconds == pytest.approx(
        narrated_words(article) * TONE_SECONDS_PER_WORD, abs=0.2
    )
    assert after.duration_seconds > before.duration_seconds


def test_saving_without_changing_the_narrated_text_does_not_narrate_again(
    client, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    before = audio_of(article)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(article), existing_article_form_data(article, top_story="on"))

    after = audio_of(article)
    assert (after.generation, after.file.name) == (before.generation, before.file.name)


def test_changing_the_byline_renarrates(client, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    article = ArticleFactory(authors=[AuthorFactory(name="Taras Levchenko")])
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    first_hash = audio_of(article).text_hash

    data = existing_article_form_data(article)
    data["article_authors-TOTAL_FORMS"] = "2"
    data["article_authors-1-author"] = AuthorFactory(name="Halyna Moroz").pk
    data["article_authors-1-position"] = 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change_url(article), data).status_code == 302

    assert "By Taras Levchenko and Halyna Moroz." in article_narration_text(article)
    assert audio_of(article).text_hash != first_hash
    assert audio_of(article).status == ArticleAudio.Status.READY


def test_a_scheduled_article_is_narrated_before_it_goes_live(
    client, editor, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(editor)
    data = article_form_data(
        section=SectionFactory(),
        authors=[AuthorFactory()],
        status="scheduled",
        publish_at=timezone.now() + timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ADD_URL, data).status_code == 302

    # Ready now, so the player is there the moment readers can see the article.
    assert audio_of(Article.objects.get()).status == ArticleAudio.Status.READY


def test_a_task_overtaken_by_a_correction_does_not_overwrite_the_newer_audio(
    settings, django_capture_on_commit_callbacks
):
    settings.NARRATION_ENGINE = engines.INTERRUPTED
    article = ArticleFactory(body="<p>Ten trains run tonight.</p>")

    def editor_corrects_meanwhile() -> None:
        Article.objects.filter(pk=article.pk).update(
            body="<p>Twelve trains run tonight, two more than planned.</p>"
        )
        article_audio_request(article_id=article.pk)

    engines.InterruptedEngine.interruption = editor_corrects_meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)

    audio = audio_of(article)
    article.refresh_from_db()
    assert audio.generation == 2
    assert audio.status == ArticleAudio.Status.READY
    assert audio.text_hash == narration_hash(article_narration_text(article))
    # The first narration (of the old text) was thrown away, file and all.
    assert stored_audio_files() == [audio.file.name]


def test_a_duplicate_task_leaves_the_finished_audio_alone(django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    audio = audio_of(article)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = article_audio_generate.call(article_id=article.pk, generation=audio.generation)

    assert outcome == "superseded"
    assert audio_of(article).file.name == audio.file.name
    assert stored_audio_files() == [audio.file.name]


def test_a_task_for_an_unpublished_article_does_nothing(django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=False):
        audio = article_audio_request(article_id=article.pk)  # enqueued, not yet run
    Article.objects.filter(pk=article.pk).update(status=Article.Status.UNPUBLISHED)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = article_audio_generate.call(article_id=article.pk, generation=audio.generation)

    assert outcome == "not wanted"
    assert stored_audio_files() == []


def test_audio_switched_off_for_an_article_is_not_narrated(django_capture_on_commit_callbacks):
    article = ArticleFactory()
    ArticleAudio.objects.create(article=article, enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    assert audio_of(article).status == ArticleAudio.Status.PENDING
    assert stored_audio_files() == []


def test_nothing_is_narrated_when_audio_is_off_site_wide(
    settings, django_capture_on_commit_callbacks
):
    settings.ARTICLE_AUDIO = False
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert article_audio_request(article_id=article.pk) is None
    assert not ArticleAudio.objects.exists()


def test_deleting_an_article_deletes_its_audio_file(django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    assert len(stored_audio_files()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        article.delete()

    assert stored_audio_files() == []
