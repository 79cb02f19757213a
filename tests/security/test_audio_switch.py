"""ARTICLE_AUDIO=false switches the podcast off with the players."""

from xml.etree import ElementTree

import pytest

from articles.audio.services import article_audio_request
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_with_audio_off_the_podcast_lists_nothing(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ARTICLE_AUDIO = True
    article = ArticleFactory(headline="Night trains keep running")
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)
    assert b"Night trains keep running" in client.get("/feeds/audio/").content

    settings.ARTICLE_AUDIO = False
    response = client.get("/feeds/audio/")

    assert response.status_code == 200
    assert ElementTree.fromstring(response.content).find("channel").findall("item") == []
    assert b"Night trains keep running" not in response.content
