import pytest
from django.test import override_settings

from articles.narration import NarrationError, Speech, narrate, narrate_text
from articles.narration.piper_engine import PiperEngine
from articles.narration.tone_engine import ToneTestEngine


class ExplodingEngine:
    """An engine whose backend fails the way a third-party client might."""

    def synthesize(self, text: str) -> Speech:
        raise ConnectionError("speech service unreachable")


class WrongResultEngine:
    def synthesize(self, text: str) -> bytes:
        return b"\x00\x00"


def test_a_failing_engine_raises_narration_error_with_the_cause_kept():
    with pytest.raises(NarrationError, match="unreachable") as excinfo:
        narrate(headline="Hi", byline="", body_html="", engine=ExplodingEngine())

    assert isinstance(excinfo.value.__cause__, ConnectionError)


@override_settings(NARRATION_ENGINE=f"{__name__}.ExplodingEngine")
def test_a_failing_engine_chosen_in_settings_raises_narration_error():
    with pytest.raises(NarrationError):
        narrate(headline="Hi", byline="", body_html="<p>There.</p>")


def test_an_engine_returning_something_other_than_speech_raises_narration_error():
    with pytest.raises(NarrationError, match="not Speech"):
        narrate_text("Hello.", engine=WrongResultEngine())


def test_an_article_with_nothing_to_read_raises_narration_error():
    with pytest.raises(NarrationError, match="no text"):
        narrate(headline="", byline="", body_html="<style>p {}</style>", engine=ToneTestEngine())


def test_a_piper_voice_that_cannot_be_loaded_raises_narration_error(tmp_path):
    model = tmp_path / "broken.onnx"
    model.write_bytes(b"this is not an onnx model")
    config = tmp_path / "broken.onnx.json"
    config.write_text("{}")

    with pytest.raises(NarrationError, match="Cannot load the Piper voice"):
        narrate_text("Hello.", engine=PiperEngine(model, config))


def test_speech_must_hold_whole_16_bit_samples():
    with pytest.raises(ValueError, match="whole 16-bit samples"):
        Speech(pcm=b"\x00", sample_rate=22050)
