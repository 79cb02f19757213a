"""Who may receive members-only newsletters: readers with a live membership.

Past-due members keep access while Stripe retries the card; cancelling members
keep it until the period they paid for ends (`Membership.LIVE_STATUSES`).
"""

from collections.abc import Iterable

from members.memberships.models import Membership


def active_member_ids(user_ids: Iterable[int]) -> set[int]:
    """Which of these users have a live membership, in one query."""
    return set(
        Membership.objects.live()
        .filter(user_id__in=list(user_ids))
        .values_list("user_id", flat=True)
    )


def reader_is_active_member(user) -> bool:
    """Whether `user` (possibly anonymous) has a live membership."""
    if user is None or not user.is_authenticated:
        return False
    return user.pk in active_member_ids([user.pk])
