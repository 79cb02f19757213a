"""The unique-reader estimate on a generated day of 100,000 visits."""

import random

import pytest

from members.analytics import counting
from members.analytics.buffer import Record, buffer_append
from members.analytics.flush import BATCH, analytics_flush
from members.analytics.models import PageDay, SiteDay

pytestmark = pytest.mark.django_db

VISITS = 100_000
USER_AGENTS = [f"Mozilla/5.0 (Reader {n}) Firefox/13{n}.0" for n in range(5)]


def test_unique_readers_are_estimated_within_two_percent():
    rng = random.Random(15)
    # The day's salt comes from the seeded generator, so the run is reproducible.
    salt = rng.randbytes(32)
    day = counting.today().isoformat()
    # 40,000 readers (address and browser); some read one page, others many.
    readers = [
        (f"10.{n // 65536}.{n // 256 % 256}.{n % 256}", USER_AGENTS[n % 5]) for n in range(40_000)
    ]
    visited = set()
    home_readers = set()
    for _ in range(VISITS):
        address, agent = rng.choice(readers)
        path = "/" if rng.random() < 0.5 else f"/articles/story-{rng.randrange(50)}/"
        visited.add((address, agent))
        if path == "/":
            home_readers.add((address, agent))
        hashed = counting.salted_hash(
            salt=salt, address=address, user_agent=agent, host="news.test"
        )
        buffer_append(Record(kind="view", day=day, path=path, reader=hashed))

    flushed = 0
    while (batch := analytics_flush()) > 0:
        flushed += batch
        if batch < BATCH:
            break

    assert flushed == VISITS
    site = SiteDay.objects.get()
    assert site.views == VISITS
    assert abs(site.readers - len(visited)) <= 0.02 * len(visited)
    home = PageDay.objects.get(path="/")
    assert abs(home.readers - len(home_readers)) <= 0.02 * len(home_readers)
