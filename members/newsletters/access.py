"""Who may receive members-only newsletters."""

from collections.abc import Iterable

from django.apps import apps

# Membership states in which a reader still has a paid-up membership (issue 4's
# `members.memberships` model). Past-due members keep access while Stripe retries
# the card; cancelling members keep it until the period they paid for ends.
ACTIVE_MEMBERSHIP_STATUSES = ("active", "past_due", "cancelling")


def active_member_ids(user_ids: Iterable[int]) -> set[int]:
    """Which of these users have an active membership, in one query.

    The memberships code is built on another branch; its model is looked up by
    name so this works before and after the merge (before it, nobody is a member).
    Tests replace this one function to make readers members.
    """
    try:
        Membership = apps.get_model("members", "Membership")
    except LookupError:
        return set()
    return set(
        Membership.objects.filter(
            user_id__in=list(user_ids), status__in=ACTIVE_MEMBERSHIP_STATUSES
        ).values_list("user_id", flat=True)
    )


def reader_is_active_member(user) -> bool:
    """Whether `user` (possibly anonymous) has an active membership."""
    if user is None or not user.is_authenticated:
        return False
    return user.pk in active_member_ids([user.pk])
