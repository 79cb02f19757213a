from django.tasks import task
from django.utils import timezone

from . import sending


@task()
def issue_send(*, issue_id: int) -> None:
    """Send one batch of an issue, then enqueue the next until all are done."""
    try:
        more = sending.issue_send_step(issue_id=issue_id)
    except sending.SendPaused:
        # The mail server is down: try again in a while (where the task backend
        # can schedule; otherwise `newsletters_resume` or the admin continues).
        if issue_send.get_backend().supports_defer:
            issue_send.using(run_after=timezone.now() + sending.PAUSE_AFTER_OUTAGE).enqueue(
                issue_id=issue_id
            )
        raise
    if not more:
        return
    if sending.NewsletterDelivery.objects.filter(
        issue_id=issue_id, status=sending.Status.PENDING
    ).exists():
        issue_send.enqueue(issue_id=issue_id)
        return
    if sending.issue_send_finish_if_done(issue_id=issue_id):
        return
    # Only rows claimed by another worker are left. If that worker is alive it
    # finishes them; if it died, come back when its lease runs out.
    run_after = sending.next_lease_expiry(issue_id=issue_id)
    if run_after and issue_send.get_backend().supports_defer:
        issue_send.using(run_after=run_after).enqueue(issue_id=issue_id)
