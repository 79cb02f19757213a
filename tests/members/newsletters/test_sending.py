"""Sending an issue: deliveries, headers, batches, crash and resume."""

import io
import re
import smtplib
import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test import Client

from articles.models import Article
from members.memberships.models import Membership
from members.newsletters import sending
from members.newsletters.models import (
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterIssueArticle,
    NewsletterSubscription,
)
from members.newsletters.tasks import issue_send
from tests.articles.factories import ArticleFactory
from tests.factories import UserFactory
from tests.members.factories import MembershipFactory

from .factories import IssueFactory, SubscriptionFactory

Delivery = NewsletterDelivery.Status


def subscribe_many(newsletter, count: int, *, status="confirmed") -> None:
    NewsletterSubscription.objects.bulk_create(
        NewsletterSubscription(newsletter=newsletter, email=f"reader{n}@example.com", status=status)
        for n in range(count)
    )


def send(issue) -> None:
    sending.issue_send_start(issue_id=issue.pk)


@pytest.fixture
def issue(newsletter):
    return IssueFactory(newsletter=newsletter)


def test_an_issue_goes_to_confirmed_subscribers_only_with_unsubscribe_headers(
    issue, newsletter, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://news.example"
    SubscriptionFactory(newsletter=newsletter, email="yes@example.com")
    SubscriptionFactory(newsletter=newsletter, email="pending@example.com", status="pending")
    SubscriptionFactory(newsletter=newsletter, email="gone@example.com", status="unsubscribed")

    with django_capture_on_commit_callbacks(execute=True):
        send(issue)

    (message,) = mail.outbox
    assert message.to == ["yes@example.com"]
    assert message.subject == "The week in Kharkiv"
    headers = message.extra_headers
    url = re.fullmatch(
        r"<(https://news\.example/newsletters/unsubscribe/[^>]+/)>", headers["List-Unsubscribe"]
    )
    assert url
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Id"] == "The Morning Briefing <morning-briefing.newsletters.news.example>"
    assert headers["Message-ID"].startswith(f"<issue-{issue.pk}.delivery-")
    html = message.alternatives[0][0]
    assert "<strong>here is</strong>" in html
    assert url.group(1) in html and url.group(1) in message.body
    assert "Dear readers, here is the week." in message.body

    # The header address really unsubscribes, in one POST.
    path = url.group(1).removeprefix("https://news.example")
    Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert NewsletterSubscription.objects.get(email="yes@example.com").status == "unsubscribed"

    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert issue.progress()["sent"] == 1


def test_the_body_is_sanitised_even_when_it_bypassed_the_editor(
    newsletter, django_capture_on_commit_callbacks
):
    issue = IssueFactory(
        newsletter=newsletter, body='<p onclick="x()">Hi<script>alert(1)</script></p>'
    )
    SubscriptionFactory(newsletter=newsletter)
    with django_capture_on_commit_callbacks(execute=True):
        send(issue)
    html = mail.outbox[0].alternatives[0][0]
    assert "<p>Hi</p>" in html
    assert "script" not in html and "onclick" not in html


def test_an_issue_cannot_be_sent_twice(issue, newsletter, django_capture_on_commit_callbacks):
    SubscriptionFactory(newsletter=newsletter)
    with django_capture_on_commit_callbacks(execute=True):
        send(issue)
    with pytest.raises(sending.IssueNotDraft):
        send(issue)
    assert len(mail.outbox) == 1


def test_the_send_task_reenqueues_itself_batch_by_batch_until_done(
    issue, newsletter, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_SEND_BATCH_SIZE = 3
    subscribe_many(newsletter, 10)
    with django_capture_on_commit_callbacks(execute=True):
        send(issue)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"reader{n}@example.com" for n in range(10)
    )
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert issue.send_finished_at is not None


def test_a_reader_who_unsubscribes_during_the_send_is_skipped(issue, newsletter):
    subscribe_many(newsletter, 2)
    send(issue)  # deliveries created; the task waits for the commit
    NewsletterSubscription.objects.filter(email="reader1@example.com").update(status="unsubscribed")
    issue_send.call(issue_id=issue.pk)
    assert [m.to for m in mail.outbox] == [["reader0@example.com"]]
    assert issue.progress()["skipped"] == 1


class Refusing(LocmemBackend):
    """An SMTP server that refuses one address."""

    def send_messages(self, messages):
        if messages[0].to == ["bounce@example.com"]:
            raise smtplib.SMTPRecipientsRefused(
                {"bounce@example.com": (550, b"mailbox unavailable")}
            )
        return super().send_messages(messages)


class Outage(LocmemBackend):
    """An SMTP server that goes away after two messages, until it is fixed."""

    down = False

    def send_messages(self, messages):
        if len(mail.outbox) == 2:
            type(self).down = True
        if self.down:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_a_mail_server_outage_pauses_the_send_without_failing_anyone(
    issue, newsletter, settings, monkeypatch
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.Outage"}}
    monkeypatch.setattr(Outage, "down", False)
    subscribe_many(newsletter, 5)
    send(issue)
    issue_send.enqueue(issue_id=issue.pk)

    assert len(mail.outbox) == 2
    progress = issue.progress()
    assert (progress["sent"], progress["pending"], progress["failed"]) == (2, 3, 0)
    assert set(issue.deliveries.filter(status="pending").values_list("attempts", flat=True)) == {0}

    monkeypatch.setattr(Outage, "down", False)
    monkeypatch.setattr(Outage, "send_messages", LocmemBackend.send_messages)
    issue_send.enqueue(issue_id=issue.pk)

    assert sorted(m.to[0] for m in mail.outbox) == [f"reader{n}@example.com" for n in range(5)]
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


def test_failures_are_retried_then_recorded_without_stopping_the_send(
    issue, newsletter, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.Refusing"}}
    SubscriptionFactory(newsletter=newsletter, email="bounce@example.com")
    SubscriptionFactory(newsletter=newsletter, email="fine@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        send(issue)

    assert [m.to for m in mail.outbox] == [["fine@example.com"]]
    failed = NewsletterDelivery.objects.get(email="bounce@example.com")
    assert (failed.status, failed.attempts) == (Delivery.FAILED, sending.MAX_ATTEMPTS)
    assert "550" in failed.error
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


class WorkerKilled(BaseException):
    """The process dies: not an error the sending code could catch."""


class Recording(BaseEmailBackend):
    """Records who got which message. (The locmem backend builds each MIME
    message, which would make a 10,000-message test slow for no extra check;
    the message itself is checked above.)"""

    sent: list[tuple[str, str]] = []
    crash_at: int | None = None
    crash_after_accepting = False

    def send_messages(self, messages):
        for message in messages:
            if len(self.sent) == self.crash_at:
                if self.crash_after_accepting:
                    self.sent.append((message.to[0], message.extra_headers["Message-ID"]))
                raise WorkerKilled
            self.sent.append((message.to[0], message.extra_headers["Message-ID"]))
        return len(messages)


@pytest.fixture
def recording(settings, monkeypatch):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.Recording"}}
    monkeypatch.setattr(Recording, "sent", [])
    return Recording


def restart_worker(issue, recording):
    """The worker comes back: time passes until the dead worker's claims expire,
    and the task is started again (as `manage.py newsletters_resume` does)."""
    recording.crash_at = None
    NewsletterDelivery.objects.filter(issue=issue, status=Delivery.CLAIMED).update(
        claimed_at=F("claimed_at") - sending.claim_lease() - timedelta(seconds=1)
    )
    issue_send.enqueue(issue_id=issue.pk)


def test_a_send_to_ten_thousand_interrupted_midway_reaches_everyone_exactly_once(
    issue, newsletter, settings, recording, monkeypatch
):
    settings.NEWSLETTER_SEND_BATCH_SIZE = 500
    subscribe_many(newsletter, 10_000)
    monkeypatch.setattr(recording, "crash_at", 5_250)

    send(issue)
    # The worker dies mid-batch. (The immediate backend records the task as
    # failed rather than propagating, which ends the task chain like a dead
    # worker would.)
    issue_send.enqueue(issue_id=issue.pk)

    assert len(recording.sent) == 5_250
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENDING
    assert issue.progress()["sent"] == 5_250

    restart_worker(issue, recording)

    received = Counter(address for address, _ in recording.sent)
    assert len(received) == 10_000
    assert set(received.values()) == {1}
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert issue.progress()["sent"] == 10_000


def test_a_crash_after_the_server_accepted_a_message_resends_that_one_with_the_same_id(
    issue, newsletter, settings, recording, monkeypatch
):
    # The documented trade-off (at least once): the one message in flight when
    # the worker died is sent again, as the same message (same Message-ID).
    settings.NEWSLETTER_SEND_BATCH_SIZE = 2
    subscribe_many(newsletter, 6)
    monkeypatch.setattr(recording, "crash_at", 3)
    monkeypatch.setattr(recording, "crash_after_accepting", True)
    send(issue)
    issue_send.enqueue(issue_id=issue.pk)
    assert len(recording.sent) == 4

    restart_worker(issue, recording)

    received = Counter(address for address, _ in recording.sent)
    assert len(received) == 6
    assert sorted(received.values()) == [1, 1, 1, 1, 1, 2]
    (twice,) = [address for address, count in received.items() if count == 2]
    assert len({message_id for address, message_id in recording.sent if address == twice}) == 1


def test_a_live_workers_claims_are_not_taken_over(issue, newsletter):
    subscribe_many(newsletter, 4)
    send(issue)
    claimed = sending.deliveries_claim(issue_id=issue.pk, limit=2)
    assert len(claimed) == 2
    # Another worker runs meanwhile: it takes only the unclaimed rows.
    sending.issue_send_step(issue_id=issue.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["reader2@example.com", "reader3@example.com"]
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENDING


def test_an_editor_sends_a_test_to_themselves(issue, editor):
    sending.issue_send_test(issue=issue, to=editor.email)
    (message,) = mail.outbox
    assert message.to == [editor.email]
    assert message.subject == "[Test] The week in Kharkiv"
    assert "List-Unsubscribe" in message.extra_headers
    assert not NewsletterDelivery.objects.exists()
    issue.refresh_from_db()
    assert issue.is_draft


def test_an_issue_composed_from_chosen_articles_lists_the_published_ones_in_order(
    issue, newsletter, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://news.example"
    first = ArticleFactory(headline="Medics race the drones", standfirst="A night shift.")
    second = ArticleFactory(headline="The bread queue", standfirst="")
    draft = ArticleFactory(headline="Not ready yet", status=Article.Status.DRAFT)
    for position, article in enumerate([second, draft, first]):
        NewsletterIssueArticle.objects.create(issue=issue, article=article, position=position)
    SubscriptionFactory(newsletter=newsletter)

    with django_capture_on_commit_callbacks(execute=True):
        send(issue)

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert html.index("The bread queue") < html.index("Medics race the drones")
    # (with the newsletter's campaign tags, see test_utm.py)
    assert f'href="https://news.example{first.get_absolute_url()}?utm_source=newsletter' in html
    assert "A night shift." in html and "A night shift." in message.body
    assert "Not ready yet" not in html and "Not ready yet" not in message.body


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_two_workers_claiming_at_once_never_get_the_same_rows(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    issue = IssueFactory()
    subscribe_many(issue.newsletter, 10)
    send(issue)
    held, release = threading.Event(), threading.Event()
    first_worker: list[int] = []

    def worker_mid_claim():
        # Another worker, inside its claim transaction, holding its row locks.
        try:
            with transaction.atomic():
                rows = NewsletterDelivery.objects.filter(status=Delivery.PENDING)
                first_worker.extend(
                    rows.select_for_update(skip_locked=True)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:4]
                )
                held.set()
                release.wait(timeout=10)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=worker_mid_claim)
    thread.start()
    assert held.wait(timeout=10)
    claimed = sending.deliveries_claim(issue_id=issue.pk, limit=10)
    release.set()
    thread.join()

    assert len(first_worker) == 4
    assert len(claimed) == 6
    assert not {delivery.pk for delivery in claimed} & set(first_worker)


def test_the_resume_command_restarts_interrupted_sends(issue, newsletter, recording):
    subscribe_many(newsletter, 3)
    send(issue)  # the task never ran: its worker was gone
    assert recording.sent == []

    out = io.StringIO()
    call_command("newsletters_resume", stdout=out)

    assert "Resuming “The week in Kharkiv”" in out.getvalue()
    assert len(recording.sent) == 3
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    out = io.StringIO()
    call_command("newsletters_resume", stdout=out)
    assert "No newsletter issue is being sent." in out.getvalue()


def test_a_members_only_issue_goes_to_current_members_only(
    members_newsletter, django_capture_on_commit_callbacks
):
    still_member = UserFactory(email="member@example.com")
    lapsed = UserFactory(email="lapsed@example.com")
    MembershipFactory(user=still_member)
    MembershipFactory(user=lapsed, status=Membership.Status.ENDED)
    for user in (still_member, lapsed):
        SubscriptionFactory(newsletter=members_newsletter, email=user.email, user=user)
    issue = IssueFactory(newsletter=members_newsletter)

    with django_capture_on_commit_callbacks(execute=True):
        send(issue)

    assert [m.to for m in mail.outbox] == [["member@example.com"]]
