"""The narration pipeline: article → narration text → speech (engine) → MP3."""

from .audio import NarratedAudio, Speech
from .engine import NarrationEngine, get_engine
from .errors import NarrationError
from .mp3 import DEFAULT_BITRATE_KBPS, encode_mp3
from .text import article_to_text


def narrate(
    *,
    headline: str,
    byline: str,
    body_html: str,
    engine: NarrationEngine | None = None,
    bitrate_kbps: int = DEFAULT_BITRATE_KBPS,
) -> NarratedAudio:
    """Narrate an article into an MP3 file.

    Uses ``engine`` if given, else the one from ``settings.NARRATION_ENGINE``. Slow (seconds
    to minutes, CPU-bound): call it from a background task, not a request.

    Raises `NarrationError` if the article has no readable text or narration fails.
    """
    text = article_to_text(headline=headline, byline=byline, body_html=body_html)
    return narrate_text(text, engine=engine, bitrate_kbps=bitrate_kbps)


def narrate_text(
    text: str,
    *,
    engine: NarrationEngine | None = None,
    bitrate_kbps: int = DEFAULT_BITRATE_KBPS,
) -> NarratedAudio:
    """Narrate prepared plain text (paragraphs separated by blank lines) into an MP3 file."""
    if not text.strip():
        raise NarrationError("There is no text to narrate.")
    if engine is None:
        engine = get_engine()
    try:
        speech = engine.synthesize(text)
    except NarrationError:
        raise
    except Exception as exc:
        # Engines are pluggable (a cloud client may raise anything); callers catch one type.
        raise NarrationError(f"{type(engine).__name__} failed: {exc}") from exc
    if not isinstance(speech, Speech):
        raise NarrationError(
            f"{type(engine).__name__}.synthesize returned {type(speech).__name__}, not Speech."
        )
    return encode_mp3(speech, bitrate_kbps=bitrate_kbps)
