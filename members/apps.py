from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Each concept that reacts to Stripe events registers its handlers in this module.
HANDLER_MODULES = [
    "members.memberships.handlers",
    "members.gifts.handlers",
]


class MembersConfig(AppConfig):
    """Reader revenue: memberships, gifts, Stripe, campaigns and newsletters."""

    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        for module in HANDLER_MODULES:
            import_module(module)
