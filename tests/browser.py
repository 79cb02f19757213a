"""Browser journeys: Playwright driving Debian's Chromium against the live server.

Downloading Playwright's own browsers is impossible here, so the system Chromium
is used. Where none is installed, browser tests skip with a visible reason; in CI
(CI=true) a missing browser is a failure, never a skip.

`assert_accessible(page)` runs axe-core against the page for WCAG 2.2 AA.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium for the browser tests, and none is installed.")
        pytest.skip("No Chromium installed: browser tests skipped (apt-get install chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def live_url(live_server, settings):
    """The live server's address; emails and absolute links point at it."""
    settings.SITE_URL = live_server.url
    return live_server.url


# Playwright's sync API runs an event loop in the test thread for the whole session,
# which makes Django refuse ORM calls from test bodies and database teardown; those
# calls are synchronous and safe, so the check is off for the test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def assert_accessible(page) -> None:
    """Fail with axe-core's report if the page breaks any WCAG 2.2 AA rule."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()
