"""Sending an issue to its subscribers: crash-safe, resumable, in batches.

How it works:

1. `issue_send_start` snapshots the newsletter's confirmed subscribers into one
   `NewsletterDelivery` row each (unique per issue and subscription), in the same
   transaction that marks the issue as sending. From then on the rows are the
   to-do list; nobody is added twice and nobody is forgotten.
2. The `issue_send` task runs `issue_send_step` repeatedly (NEWSLETTER_SEND_PARALLEL
   chains of it at once, so several workers share a big list): it claims a batch of
   waiting rows (row locks, SKIP LOCKED on PostgreSQL, so several workers never
   claim the same row), sends each message over one SMTP connection, and marks
   each row sent, committed, right after the server accepts it. Then it enqueues
   itself again until nothing is left. The issue is rendered and its MIME message
   built once per batch; each message is that message with the reader's address,
   Message-ID and unsubscribe link put in (`emails.IssueMessages`, `issue_mime`),
   so the per-message work is small next to the SMTP exchange.
3. A worker that dies leaves its claimed rows behind. Claims are leases, renewed
   by the living worker as it sends: after `claim_lease()` without renewal they go
   back to waiting, and the next step picks them up.
   `manage.py newsletters_resume` (or the admin's "Resume sending") restarts the
   task for interrupted sends.
4. A refused recipient is retried a few times, then marked failed. A mail-server
   outage (any other error) hands the batch back untouched and pauses the send
   for `PAUSE_AFTER_OUTAGE`, so an outage never fails a whole list.

The crash boundary, at least once: between the SMTP server accepting a message
and our UPDATE marking it sent, a crash loses the fact that it went out. We then
send that one message again rather than risk never sending it. The window is one
message per crashed worker (each row is marked individually, immediately), and
the copy carries the same Message-ID, which some mailbox providers (Gmail among
them) use to show it only once.
The alternative, at most once, would silently skip a reader (a member who pays
for the newsletter) with no trace; a rare duplicate is the lesser harm.
"""

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from . import access
from .emails import IssueMessages, absolute, unsubscribe_url
from .models import (
    NewsletterDelivery,
    NewsletterIssue,
    NewsletterSubscription,
    email_normalize,
)

logger = logging.getLogger(__name__)


def claim_lease() -> timedelta:
    """How long a worker's claim on a batch lasts (NEWSLETTER_CLAIM_LEASE_SECONDS).

    Longer than one batch can take to send (NEWSLETTER_SEND_BATCH_SIZE messages over
    one SMTP connection), or a slow but living worker's rows would be taken over."""
    return timedelta(seconds=settings.NEWSLETTER_CLAIM_LEASE_SECONDS)


MAX_ATTEMPTS = 3
Status = NewsletterDelivery.Status


# Errors about one message (the server refused this recipient or this message);
# anything else is about the connection, and pauses the send instead.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)
PAUSE_AFTER_OUTAGE = timedelta(minutes=2)


class SendPaused(Exception):
    """The mail server could not be reached; the batch was handed back untouched."""


class IssueNotDraft(Exception):
    """Only a draft can be sent; this issue is already sending or sent."""


def newsletter_mailer():
    """The mail connection for bulk mail: the `newsletters` mailer if configured
    (e.g. a bulk-mail provider), else the default."""
    if "newsletters" in mailers:
        return mailers["newsletters"]
    return mailers.default


def issue_send_test(*, issue: NewsletterIssue, to: str) -> None:
    """Send the issue to one editor now, marked as a test; records nothing."""
    # A real one-click link if the editor subscribes; else their preferences page.
    subscription = NewsletterSubscription.objects.filter(
        newsletter=issue.newsletter, email=email_normalize(to)
    ).first()
    unsubscribe = (
        unsubscribe_url(subscription)
        if subscription
        else absolute(reverse("members:newsletter-preferences"))
    )
    message = IssueMessages(issue, test=True).message(to=to, unsubscribe=unsubscribe)
    with newsletter_mailer() as mailer:
        mailer.send_messages([message])


def issue_send_start(*, issue_id: int) -> int:
    """Create the deliveries and start sending. Returns the number of recipients."""
    from .tasks import issue_send

    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue_id)
        if not issue.is_draft:
            raise IssueNotDraft(issue.subject)
        subscriptions = issue.newsletter.subscriptions.confirmed()
        if issue.newsletter.members_only:
            # Members whose membership has lapsed since they subscribed don't get it.
            user_ids = subscriptions.exclude(user=None).values_list("user_id", flat=True)
            subscriptions = subscriptions.filter(user_id__in=access.active_member_ids(user_ids))
        recipients = subscriptions.values_list("pk", "email")
        NewsletterDelivery.objects.bulk_create(
            (
                NewsletterDelivery(issue=issue, subscription_id=pk, email=email)
                for pk, email in recipients.iterator(chunk_size=2000)
            ),
            batch_size=1000,
        )
        issue.recipients_total = issue.deliveries.count()
        issue.status = NewsletterIssue.Status.SENDING
        issue.send_started_at = timezone.now()
        issue.save(update_fields=["recipients_total", "status", "send_started_at"])
        # Independent chains of send steps, one per worker expected to help: they
        # claim disjoint batches (SKIP LOCKED), so they never send a message twice.
        for _ in range(max(1, settings.NEWSLETTER_SEND_PARALLEL)):
            transaction.on_commit(lambda: issue_send.enqueue(issue_id=issue_id))
    return issue.recipients_total


def deliveries_release_expired(*, issue_id: int) -> int:
    """Give the rows of a worker that died back to the queue (or fail them after
    MAX_ATTEMPTS, so one message that kills the worker cannot stall the send)."""
    expired = NewsletterDelivery.objects.filter(
        issue_id=issue_id, status=Status.CLAIMED, claimed_at__lt=timezone.now() - claim_lease()
    )
    failed = expired.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, error="Interrupted too many times."
    )
    return failed + expired.update(status=Status.PENDING)


def deliveries_claim(*, issue_id: int, limit: int) -> list[NewsletterDelivery]:
    with transaction.atomic():
        waiting = NewsletterDelivery.objects.filter(issue_id=issue_id, status=Status.PENDING)
        if connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: concurrent workers skip each other's rows instead of
            # waiting. (SQLite has no row locks; its IMMEDIATE transactions, see
            # settings, serialise this claim instead.)
            waiting = waiting.select_for_update(skip_locked=True)
        ids = list(waiting.order_by("pk").values_list("pk", flat=True)[:limit])
        NewsletterDelivery.objects.filter(pk__in=ids).update(
            status=Status.CLAIMED, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    return list(
        NewsletterDelivery.objects.filter(pk__in=ids).select_related("subscription").order_by("pk")
    )


def _mark(delivery: NewsletterDelivery, **fields) -> None:
    # Guarded by status, so a row whose lease expired and was re-claimed by
    # another worker is not overwritten by this one.
    NewsletterDelivery.objects.filter(pk=delivery.pk, status=Status.CLAIMED).update(**fields)


def _mark_sent(delivery: NewsletterDelivery) -> None:
    """`_mark(delivery, status=SENT, sent_at=now, error="")`, as one prepared statement.

    It runs once per message (the crash boundary, see above), and compiling the
    ORM's UPDATE each time cost about five times the statement itself: more CPU
    than building the message."""
    table = connection.ops.quote_name(NewsletterDelivery._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = %s, sent_at = %s, error = '' "  # noqa: S608
            "WHERE id = %s AND status = %s",
            [
                Status.SENT.value,
                connection.ops.adapt_datetimefield_value(timezone.now()),
                delivery.pk,
                Status.CLAIMED.value,
            ],
        )


def issue_send_step(*, issue_id: int) -> bool:
    """Send one batch. Returns whether there is more to do."""
    issue = NewsletterIssue.objects.select_related("newsletter__author").get(pk=issue_id)
    if issue.status != NewsletterIssue.Status.SENDING:
        return False
    deliveries_release_expired(issue_id=issue_id)
    batch = deliveries_claim(issue_id=issue_id, limit=settings.NEWSLETTER_SEND_BATCH_SIZE)
    if not batch:
        return not issue_send_finish_if_done(issue_id=issue_id)
    messages = IssueMessages(issue)
    mailer = newsletter_mailer()
    renewed = time.monotonic()
    try:
        mailer.open()
        for index, delivery in enumerate(batch):
            if time.monotonic() - renewed > claim_lease().total_seconds() / 3:
                # A slow but living worker keeps its rows: only a dead one's claims
                # run out, so a batch is never sent by two workers at once.
                _renew(batch[index:])
                renewed = time.monotonic()
            if delivery.subscription.status != NewsletterSubscription.Status.CONFIRMED:
                _mark(delivery, status=Status.SKIPPED)
                continue
            try:
                mailer.send_messages([messages.for_delivery(delivery)])
            except MESSAGE_ERRORS as error:
                # This address or message was refused: try again a few times
                # (greylisting), then record the failure for the editor to see.
                logger.warning("Newsletter delivery %s refused: %s", delivery.pk, error)
                retry = delivery.attempts < MAX_ATTEMPTS
                _mark(
                    delivery,
                    status=Status.PENDING if retry else Status.FAILED,
                    error=str(error)[:1000],
                )
                continue
            except Exception as error:
                # The mail server is unreachable or dropped us: nothing about this
                # message is wrong. Hand this and the rest of the batch back
                # untouched and pause, rather than fail everyone during an outage.
                _release(batch[index:], error=error)
                raise SendPaused(str(error)) from error
            _mark_sent(delivery)
    except SendPaused:
        raise
    except Exception as error:
        # Opening the connection failed: same as an outage.
        _release(batch, error=error)
        raise SendPaused(str(error)) from error
    finally:
        mailer.close()
    return True


def _renew(deliveries: list[NewsletterDelivery]) -> None:
    NewsletterDelivery.objects.filter(
        pk__in=[delivery.pk for delivery in deliveries], status=Status.CLAIMED
    ).update(claimed_at=timezone.now())


def _release(deliveries: list[NewsletterDelivery], *, error: Exception) -> None:
    NewsletterDelivery.objects.filter(
        pk__in=[delivery.pk for delivery in deliveries], status=Status.CLAIMED
    ).update(status=Status.PENDING, attempts=F("attempts") - 1, error=str(error)[:1000])


def issue_send_finish_if_done(*, issue_id: int) -> bool:
    """Mark the issue sent once no delivery is waiting or in flight."""
    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue_id)
        if issue.status != NewsletterIssue.Status.SENDING:
            return True
        if issue.deliveries.filter(status__in=[Status.PENDING, Status.CLAIMED]).exists():
            return False
        issue.status = NewsletterIssue.Status.SENT
        issue.send_finished_at = timezone.now()
        issue.save(update_fields=["status", "send_finished_at"])
    return True


def next_lease_expiry(*, issue_id: int):
    """When rows claimed by another (possibly dead) worker can be taken over."""
    oldest = (
        NewsletterDelivery.objects.filter(issue_id=issue_id, status=Status.CLAIMED)
        .order_by("claimed_at")
        .values_list("claimed_at", flat=True)
        .first()
    )
    return oldest + claim_lease() if oldest else None
