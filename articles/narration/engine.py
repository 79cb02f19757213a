"""The narration engine interface and the settings-driven lookup of the engine to use.

An engine turns plain narration text into `Speech`. Which one is used is set by the dotted
path in ``settings.NARRATION_ENGINE`` (default: the bundled Piper voice), so a different local
model or a cloud service can replace it without touching callers.
"""

import threading
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string

from .audio import Speech
from .errors import NarrationConfigurationError

DEFAULT_ENGINE = "articles.narration.piper_engine.PiperEngine"


@runtime_checkable
class NarrationEngine(Protocol):
    """Anything with a ``synthesize`` method is an engine."""

    def synthesize(self, text: str) -> Speech:
        """Speak ``text`` and return the audio.

        ``text`` is plain text; a blank line separates paragraphs, and engines may pause
        longer there. Raise `NarrationError` on failure.
        """
        ...


# One engine per dotted path and process. Keyed by path rather than holding a single
# instance, so that `override_settings(NARRATION_ENGINE=...)` just works in tests.
_engines: dict[str, NarrationEngine] = {}
_engines_lock = threading.Lock()


def get_engine() -> NarrationEngine:
    """Return the engine named by ``settings.NARRATION_ENGINE``, created once per process."""
    path = getattr(settings, "NARRATION_ENGINE", DEFAULT_ENGINE)
    engine = _engines.get(path)
    if engine is None:
        with _engines_lock:
            engine = _engines.get(path)
            if engine is None:
                engine = _engines[path] = load_engine(path)
    return engine


def clear_engine_cache() -> None:
    """Forget the engines made by `get_engine` (they are recreated on next use)."""
    with _engines_lock:
        _engines.clear()


def load_engine(path: str) -> NarrationEngine:
    """Import ``path`` (a class or factory taking no arguments) and return a new engine."""
    if not isinstance(path, str) or not path:
        raise NarrationConfigurationError(
            f"NARRATION_ENGINE must be a dotted path string, not {path!r}."
        )
    try:
        factory = import_string(path)
    except ImportError as exc:
        raise NarrationConfigurationError(
            f"NARRATION_ENGINE {path!r} cannot be imported: {exc}"
        ) from exc
    engine = factory()
    if not isinstance(engine, NarrationEngine):
        raise NarrationConfigurationError(
            f"NARRATION_ENGINE {path!r} made a {type(engine).__name__}, "
            "which has no synthesize(text) method."
        )
    return engine
