"""Make the narration tests runnable with or without the project's Django settings.

Under pytest-django the project's settings are already configured by the time this file is
imported. Run standalone (``-p no:django``), Django gets bare settings here: the narration
layer needs them only to look up ``NARRATION_ENGINE``.
"""

import os

import pytest
from django.conf import settings

from articles.narration import DEFAULT_ENGINE, clear_engine_cache

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure()


@pytest.fixture(autouse=True)
def _real_default_engine():
    """The suite's conftest picks the fast tone engine for everyone else; here the
    default engine is the one under test."""
    if settings.configured and hasattr(settings, "NARRATION_ENGINE"):
        from django.test import override_settings

        with override_settings(NARRATION_ENGINE=DEFAULT_ENGINE):
            yield
    else:
        yield


@pytest.fixture(autouse=True)
def _fresh_engine_cache():
    """Each test sees engines made from the settings it runs under."""
    clear_engine_cache()
    yield
    clear_engine_cache()
