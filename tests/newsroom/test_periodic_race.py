"""Two periodic processes claiming the same round at the same moment (PostgreSQL).

SQLite serialises every write, so this race only exists on PostgreSQL."""

import threading

import pytest
from django.db import connection

from newsroom.management.commands.run_periodic import job_claim

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL race"),
]


def test_of_many_processes_claiming_one_round_at_once_exactly_one_wins():
    start, results = threading.Barrier(6), []

    def claim():
        try:
            start.wait(5)
            results.append(job_claim(name="gifts_sweep", interval=900))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert sorted(results) == [False] * 5 + [True]
