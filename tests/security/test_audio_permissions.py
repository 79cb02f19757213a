"""Regenerating audio is an editor's decision, like publishing."""

import pytest

from articles.audio.models import ArticleAudio
from articles.audio.services import article_audio_request
from tests.articles.factories import ArticleFactory
from tests.audio.helpers import audio_of

pytestmark = pytest.mark.django_db


def test_a_reporter_cannot_regenerate_audio(client, reporter, django_capture_on_commit_callbacks):
    article = ArticleFactory(authors=[reporter.author])
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    before = audio_of(article)
    client.force_login(reporter)

    listing = client.get("/admin/articles/article/").content.decode()
    assert "regenerate_audio" not in listing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/articles/article/",
            {"action": "regenerate_audio", "_selected_action": [article.pk]},
        )

    after = audio_of(article)
    assert after.generation == before.generation
    assert after.status == ArticleAudio.Status.READY
