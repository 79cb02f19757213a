"""Expired sessions are removed by the periodic jobs, not kept forever."""

import io
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone


def test_one_round_of_periodic_jobs_clears_expired_sessions(db):
    now = timezone.now()
    Session.objects.create(session_key="e" * 32, session_data="x", expire_date=now - timedelta(1))
    Session.objects.create(session_key="l" * 32, session_data="x", expire_date=now + timedelta(1))

    call_command("run_periodic", "--once", stdout=io.StringIO(), stderr=io.StringIO())

    assert list(Session.objects.values_list("session_key", flat=True)) == ["l" * 32]
