from django.apps import AppConfig


class MembersConfig(AppConfig):
    """Reader revenue: memberships, gifts, Stripe, campaigns and newsletters."""

    name = "members"
    verbose_name = "Members"
