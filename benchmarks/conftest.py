"""Benchmarks (`make bench`): speed and scale targets, kept out of the regular suite."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _bench_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    yield
    cache.clear()
