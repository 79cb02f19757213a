"""Fixtures shared by the whole suite: personas, settings for tests, the browser."""

import pytest
from django.core.cache import cache, caches
from django.utils import translation

from members.analytics import buffer, counting
from tests.factories import UserFactory

pytest_plugins = ["tests.browser", "tests.fake_stripe.pytest_plugin"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Background tasks run in-process and at once, so a test sees their effects
    # (emails in mail.outbox) without a worker; tests of the worker itself
    # override this.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STAFF_MFA_REQUIRED = False
    # Analytics are flushed by the tests that look at them, not by a background thread.
    settings.ANALYTICS_FLUSH_SECONDS = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts in the default language, whatever a request of the previous
    # test on this worker was in.
    translation.activate(settings.LANGUAGE_CODE)
    # Django's page cache is invalidated after commit, which tests inside a
    # transaction never reach: it is on only in the tests of caching itself
    # (tests/newsroom/http_cache/), which run the commit hooks.
    settings.PAGE_CACHE_ENABLED = False
    # The same for the page fragments kept rendered (newsroom/templatetags/fragments.py).
    settings.FRAGMENT_CACHE_ENABLED = False
    # Articles are narrated when published: a fast stand-in voice outside tests/narration.
    settings.NARRATION_ENGINE = "tests.audio.engines.QuickToneEngine"


@pytest.fixture(autouse=True)
def _empty_analytics_buffer():
    # Buffered page views and the day's salt live in the process, not in the test's
    # database: each test starts without another test's.
    buffer.buffer_clear()
    counting.salt_forget()
    yield
    buffer.buffer_clear()
    counting.salt_forget()


@pytest.fixture(autouse=True)
def _empty_cache():
    # The cache (locmem) outlives a test's rolled-back database: each test starts
    # on a cold cache, without another test's cached rows or used-up rate limits
    # (query budgets are stated for a cold cache).
    cache.clear()
    caches["analytics"].clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["analytics"].clear()
    caches["pages"].clear()


@pytest.fixture
def reader(db):
    """A signed-up reader with a verified email address and no membership."""
    return UserFactory(email="reader@example.com", first_name="Mykola")


@pytest.fixture
def editor(db):
    """A staff member with every editorial permission."""
    return UserFactory(email="editor@example.com", is_staff=True, is_superuser=True)
