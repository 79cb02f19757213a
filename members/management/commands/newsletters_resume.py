"""Restart the send task of every newsletter issue that is still sending.

Run it after the background worker restarts (e.g. from the worker's service
definition): a worker that died mid-send leaves no task behind to continue.
Safe to run at any time: the deliveries, not the tasks, decide who still gets
the issue, so an extra task finds nothing left to claim.
"""

from django.core.management.base import BaseCommand

from members.newsletters.models import NewsletterIssue
from members.newsletters.tasks import issue_send


class Command(BaseCommand):
    help = "Resume sending newsletter issues that were interrupted."

    def handle(self, *args, **options) -> None:
        issues = NewsletterIssue.objects.filter(status=NewsletterIssue.Status.SENDING)
        for issue in issues:
            issue_send.enqueue(issue_id=issue.pk)
            self.stdout.write(f"Resuming “{issue}”.")
        if not issues:
            self.stdout.write("No newsletter issue is being sent.")
