"""pytest fixtures for the fake Stripe server.

Load it from the project's root ``conftest.py``::

    pytest_plugins = ["tests.fake_stripe.pytest_plugin"]

``fake_stripe`` gives each test a started :class:`~tests.fake_stripe.FakeStripe` in
``manual`` webhook mode with empty state.  One server per test session (and per
xdist worker) is started lazily and reset between tests, so it costs ~nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import FakeStripe


@pytest.fixture(scope="session")
def fake_stripe_server() -> Iterator[FakeStripe]:
    """The session's running fake (prefer ``fake_stripe``, which also resets it)."""
    fake = FakeStripe(delivery="manual").start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_stripe(fake_stripe_server: FakeStripe) -> Iterator[FakeStripe]:
    """A running fake Stripe with no objects, no events, manual webhook delivery."""
    fake_stripe_server.reset()
    yield fake_stripe_server
    fake_stripe_server.reset()
