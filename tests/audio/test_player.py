"""The player on the article page: shown with its duration, the AI label and a download
link once the audio narrates the current text; absent otherwise."""

import pytest
from django.core.files.storage import default_storage

from articles.audio.models import ArticleAudio
from articles.audio.services import article_audio_request
from articles.models import Article
from tests.articles.factories import ArticleFactory
from tests.articles.test_query_budgets import ARTICLE_BUDGET
from tests.audio.helpers import audio_of

pytestmark = pytest.mark.django_db

AI_LABEL = "This audio is created with AI assistance."


@pytest.fixture
def narrated(django_capture_on_commit_callbacks) -> Article:
    article = ArticleFactory(headline="Night trains keep running")
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    return article


def test_the_article_page_offers_the_audio_with_duration_label_and_download(client, narrated):
    audio = audio_of(narrated)
    page = client.get(narrated.get_absolute_url()).content.decode()

    assert '<section class="article-audio" aria-labelledby="article-audio-heading">' in page
    assert "Listen to this article" in page
    assert f'<time datetime="{audio.duration_iso}">{audio.duration_display}</time>' in page
    assert AI_LABEL in page
    assert "<audio" in page and " controls " in page
    assert f'<source src="{audio.file.url}" type="audio/mpeg">' in page
    assert f'<a class="article-audio__download" href="{audio.file.url}" download>' in page
    assert "style=" not in page.split('class="article-audio"')[1].split("</section>")[0]
    assert default_storage.exists(audio.file.name)


def test_no_player_while_the_audio_is_pending(client):
    article = ArticleFactory()
    ArticleAudio.objects.create(article=article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert AI_LABEL not in page
    assert "<audio" not in page


def test_no_player_for_an_article_without_audio(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<audio" not in page


def test_no_player_when_the_editor_switched_audio_off(client, narrated):
    ArticleAudio.objects.filter(article=narrated).update(enabled=False)
    assert "<audio" not in client.get(narrated.get_absolute_url()).content.decode()


def test_no_player_when_audio_is_off_site_wide(client, narrated, settings):
    settings.ARTICLE_AUDIO = False
    assert "<audio" not in client.get(narrated.get_absolute_url()).content.decode()


def test_the_old_audio_is_withdrawn_as_soon_as_the_text_changes(
    client, narrated, django_capture_on_commit_callbacks
):
    Article.objects.filter(pk=narrated.pk).update(body="<p>Corrected text.</p>")
    with django_capture_on_commit_callbacks(execute=False):
        article_audio_request(article_id=narrated.pk)  # the new narration is still queued
    assert "<audio" not in client.get(narrated.get_absolute_url()).content.decode()


def test_the_player_costs_the_article_page_no_extra_query(
    client, narrated, django_assert_num_queries
):
    # Queries: the article with its section, audio and tags, its byline,
    # related articles and picks, News Feed briefs, the header's sections, the
    # newsletter signup's offers and the banner's campaign: the budget of
    # tests/articles/test_query_budgets.py, audio or not.
    with django_assert_num_queries(ARTICLE_BUDGET):
        client.get(narrated.get_absolute_url())


def test_human_durations():
    assert ArticleAudio(duration_seconds=45.2).duration_display == "45 sec"
    assert ArticleAudio(duration_seconds=252).duration_display == "4 min 12 sec"
    assert ArticleAudio(duration_seconds=120).duration_display == "2 min"
    assert ArticleAudio(duration_seconds=3725).duration_display == "1 hr 2 min"
    assert ArticleAudio(duration_seconds=252).duration_iso == "PT4M12S"
    assert ArticleAudio(duration_seconds=3725).duration_clock == "01:02:05"
