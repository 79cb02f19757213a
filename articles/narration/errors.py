"""Exceptions raised by the narration layer."""

from django.core.exceptions import ImproperlyConfigured


class NarrationError(Exception):
    """Narration failed: the engine could not produce speech or it could not be encoded.

    Engines raise it themselves; `narrate()` also wraps any other exception an engine lets
    escape, with the original kept as ``__cause__``, so callers need to catch only this.
    """


class NarrationConfigurationError(NarrationError, ImproperlyConfigured):
    """``settings.NARRATION_ENGINE`` does not name a usable engine.

    Also an ``ImproperlyConfigured`` so Django tooling treats it as the configuration error it
    is, while code that only knows about narration can still catch ``NarrationError``.
    """
