"""Delivering a gift: emailing the recipient at DELIVERY_HOUR on the chosen day.

A background task is queued for the delivery moment when the gift is paid for;
`gifts_sweep` delivers anything whose task never ran. Both go through
`gift_deliver`, which locks the gift and sends only what is due, once.
"""

import logging
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from newsroom.clock import newsroom_timezone

from . import emails
from .models import Gift
from .states import GiftTransitionError, Status, gift_transition

logger = logging.getLogger(__name__)

# Gifts are emailed at this local hour on their delivery date (not at midnight).
DELIVERY_HOUR = 7


def delivery_moment(deliver_on: date) -> datetime:
    """When a gift for `deliver_on` is emailed: DELIVERY_HOUR that day, newsroom time."""
    return datetime.combine(deliver_on, time(DELIVERY_HOUR), tzinfo=newsroom_timezone())


def gift_delivery_schedule(*, gift: Gift) -> None:
    """After commit, queue the delivery task: now if due, else for its delivery moment.

    Also called when staff change the delivery date of a scheduled gift. A task
    for an old date finds the gift not yet due (or already delivered) and does
    nothing, so rescheduling never sends twice.
    """
    if gift.status not in Gift.DELIVERABLE_STATUSES:
        return
    moment = delivery_moment(gift.deliver_on)
    run_after = None if gift.status == Status.PAID or moment <= timezone.now() else moment
    gift_pk = gift.pk
    transaction.on_commit(lambda: _delivery_enqueue(gift_pk, run_after))


def _delivery_enqueue(gift_id: int, run_after: datetime | None) -> None:
    from .tasks import gift_deliver_task  # the task module imports this one

    if run_after is None:
        gift_deliver_task.enqueue(gift_id=gift_id)
    elif gift_deliver_task.get_backend().supports_defer:
        gift_deliver_task.using(run_after=run_after).enqueue(gift_id=gift_id)
    else:
        # A backend that runs tasks at once cannot wait: `gifts_sweep` delivers it.
        logger.info("Gift %s: task backend cannot defer; the sweep delivers it", gift_id)


def gift_deliver(*, gift_id: int, resend: bool = False, now: datetime | None = None) -> bool:
    """Email the recipient their gift if it is due (or again, with `resend`).

    Safe to run many times: a delivered gift is not emailed again unless staff
    ask to resend it. Returns True when an email was sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        gift = Gift.objects.select_for_update().filter(pk=gift_id).first()
        if gift is None:
            return False
        if resend:
            if gift.status not in Gift.REDEEMABLE_STATUSES:
                raise GiftTransitionError(
                    f"Gift {gift.pk} is {gift.get_status_display().lower()}; "
                    "only unredeemed paid gifts can be sent again."
                )
        elif gift.status not in Gift.DELIVERABLE_STATUSES:
            return False
        elif gift.status == Status.SCHEDULED and delivery_moment(gift.deliver_on) > now:
            return False  # not yet: a task or a sweep that ran early
        gift_transition(gift, Status.DELIVERED)
        gift.delivered_at = now
        gift.save(update_fields=["status", "delivered_at"])
        emails.email_gift_delivery(gift)
    return True
