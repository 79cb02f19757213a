"""Benchmarks (`make bench`): speed and scale targets, kept out of the regular suite."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _bench_settings(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # These benchmarks time and count what rendering a page costs; a hit in Django's
    # page cache would measure the cache (the traffic spike benchmark measures it).
    settings.PAGE_CACHE_ENABLED = False
    cache.clear()
    yield
    cache.clear()


# Wagtail's bakerydemo (benchmarks/bakerydemo) runs in a venv of its own during the
# traffic spike benchmark; it is not importable here.
collect_ignore = ["bakerydemo"]
