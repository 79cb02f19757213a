"""AI narration of articles: text preparation, pluggable speech engines and MP3 encoding.

Typical use, from a background task::

    from articles.narration import narrate, NarrationError

    audio = narrate(headline=..., byline=..., body_html=...)
    # audio.data, audio.duration_seconds, audio.mime_type, audio.extension

Settings (read when first needed, not at import):

``NARRATION_ENGINE``
    Dotted path to an engine class or factory taking no arguments, whose instances have
    ``synthesize(text) -> Speech``. Default ``"articles.narration.piper_engine.PiperEngine"``.
    ``"articles.narration.tone_engine.ToneTestEngine"`` is a fast deterministic one for tests.

Importing this package does not import Piper or onnxruntime; that happens on first synthesis.
"""

from .audio import NarratedAudio, Speech
from .engine import DEFAULT_ENGINE, NarrationEngine, clear_engine_cache, get_engine, load_engine
from .errors import NarrationConfigurationError, NarrationError
from .mp3 import DEFAULT_BITRATE_KBPS, encode_mp3
from .pipeline import narrate, narrate_text
from .text import article_to_text, html_to_text

__all__ = [
    "DEFAULT_BITRATE_KBPS",
    "DEFAULT_ENGINE",
    "NarratedAudio",
    "NarrationConfigurationError",
    "NarrationEngine",
    "NarrationError",
    "Speech",
    "article_to_text",
    "clear_engine_cache",
    "encode_mp3",
    "get_engine",
    "html_to_text",
    "load_engine",
    "narrate",
    "narrate_text",
]
