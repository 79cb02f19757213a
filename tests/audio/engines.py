"""Narration engines for tests of the audio feature: failing, flaky, and one that lets
an editor's correction land while it is narrating."""

from articles.narration import NarrationError
from articles.narration.tone_engine import ToneTestEngine

TONE = "articles.narration.tone_engine.ToneTestEngine"
FAILING = "tests.audio.engines.FailingEngine"
FLAKY = "tests.audio.engines.FlakyEngine"
INTERRUPTED = "tests.audio.engines.InterruptedEngine"
BARRIER = "tests.audio.engines.BarrierEngine"


class FailingEngine:
    calls = 0

    def synthesize(self, text: str):
        type(self).calls += 1
        raise NarrationError("The voice server is unreachable.")


class FlakyEngine(ToneTestEngine):
    """Fails the first time it is used, then speaks."""

    calls = 0

    def synthesize(self, text: str):
        type(self).calls += 1
        if type(self).calls == 1:
            raise RuntimeError("Out of memory while loading the voice.")
        return super().synthesize(text)


class InterruptedEngine(ToneTestEngine):
    """The first time it speaks, `interruption` (a callable) runs midway, as an editor's
    save would in another process."""

    interruption = None

    def synthesize(self, text: str):
        interruption, type(self).interruption = type(self).interruption, None
        if interruption is not None:
            interruption()
        return super().synthesize(text)


class QuickToneEngine(ToneTestEngine):
    """The suite-wide stand-in (tests/conftest.py): a short, low-rate tone, so that tests
    which publish many articles (the demo) narrate them all in well under a second."""

    def __init__(self) -> None:
        super().__init__(sample_rate=8000, seconds_per_word=0.02)


class BarrierEngine(ToneTestEngine):
    """Holds each narration until `barrier` (a threading.Barrier) is full, so that
    concurrent tasks all finish narrating before any of them stores its file."""

    barrier = None

    def synthesize(self, text: str):
        speech = super().synthesize(text)
        type(self).barrier.wait(timeout=30)
        return speech
