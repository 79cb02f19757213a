"""End to end with the real offline voice (Piper, joe-us): publish → task → stored MP3."""

from array import array

import miniaudio
import pytest
from django.core.files.storage import default_storage

from articles.audio.models import ArticleAudio
from articles.audio.services import article_audio_request
from articles.narration import DEFAULT_ENGINE
from tests.articles.factories import ArticleFactory, AuthorFactory
from tests.audio.helpers import audio_of, narrated_words

pytestmark = pytest.mark.django_db


def test_the_bundled_piper_voice_narrates_a_published_article(
    settings, django_capture_on_commit_callbacks
):
    settings.NARRATION_ENGINE = DEFAULT_ENGINE
    article = ArticleFactory(
        headline="Bridge reopens after repairs",
        authors=[AuthorFactory(name="Jane Doe")],
        body="<p>Traffic is <em>moving</em> again on the old bridge.</p>",
    )

    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)

    audio = audio_of(article)
    assert audio.status == ArticleAudio.Status.READY, audio.last_error
    assert audio.engine == "articles.narration.piper_engine.PiperEngine"
    decoded = miniaudio.mp3_read_s16(default_storage.open(audio.file.name).read())
    seconds = decoded.num_frames / decoded.sample_rate
    assert decoded.sample_rate == 22050
    assert seconds == pytest.approx(audio.duration_seconds, abs=0.2)
    words = narrated_words(article)  # 15
    assert 0.2 * words <= seconds <= 1.5 * words
    samples = array("h", decoded.samples)
    loudness = (sum(sample * sample for sample in samples) / len(samples)) ** 0.5
    assert loudness > 500  # speech, not silence
