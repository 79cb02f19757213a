"""A deterministic stand-in engine FOR TESTS ONLY: a sine tone sized to the text's length.

Use it (``NARRATION_ENGINE = "articles.narration.tone_engine.ToneTestEngine"``) in tests of
code built on the narration layer, where loading a neural voice would be slow and its output
varies. It is never the default and produces no speech.
"""

import math
import sys
from array import array

from .audio import Speech
from .errors import NarrationError


class ToneTestEngine:
    """Speaks every text as a steady tone lasting ``seconds_per_word`` per word."""

    def __init__(
        self,
        *,
        sample_rate: int = 16000,
        seconds_per_word: float = 0.3,
        frequency_hz: int = 440,
        amplitude: float = 0.25,
    ) -> None:
        self.sample_rate = sample_rate
        self.seconds_per_word = seconds_per_word
        # With a whole number of hertz, one second holds whole cycles, so repeating it
        # gives a seamless tone of any length without computing every sample.
        samples = array(
            "h",
            (
                round(amplitude * 32767 * math.sin(2 * math.pi * frequency_hz * i / sample_rate))
                for i in range(sample_rate)
            ),
        )
        if sys.byteorder == "big":
            samples.byteswap()  # Speech holds little-endian samples.
        self._one_second = samples.tobytes()

    def synthesize(self, text: str) -> Speech:
        words = len(text.split())
        if not words:
            raise NarrationError("There is no text to synthesise.")
        num_samples = round(words * self.seconds_per_word * self.sample_rate)
        repeats = -(-num_samples // self.sample_rate)  # ceiling division
        pcm = (self._one_second * repeats)[: num_samples * 2]
        return Speech(pcm=pcm, sample_rate=self.sample_rate)
