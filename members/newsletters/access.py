"""Who may subscribe to members-only newsletters."""

from django.apps import apps

# Membership states in which a reader still has a paid-up membership (issue 4's
# `members.memberships` model). Past-due members keep access while Stripe retries
# the card; cancelling members keep it until the period they paid for ends.
ACTIVE_MEMBERSHIP_STATUSES = ("active", "past_due", "cancelling")


def reader_is_active_member(user) -> bool:
    """Whether `user` has an active membership.

    The memberships code is built on another branch; the model is looked up by
    name so this works before and after the merge (before it, nobody is a member).
    """
    if user is None or not user.is_authenticated:
        return False
    try:
        Membership = apps.get_model("members", "Membership")
    except LookupError:
        return False
    return Membership.objects.filter(user=user, status__in=ACTIVE_MEMBERSHIP_STATUSES).exists()
