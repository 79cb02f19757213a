"""Create the demo outlet: an editor account and each app's sample content.

Development only: with DEBUG=false it refuses unless `--allow-production` is given,
and even then the demo's staff accounts get no usable password
(`newsroom.demo_accounts`).

Idempotent: every object is looked up by a natural key before it is created, so
running it again (as `make run` does on every start) duplicates nothing. Each app
contributes through a `demo.py` module with a `load(*, stdout)` function.
"""

from importlib import import_module
from importlib.util import find_spec

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from newsroom.demo_accounts import DEMO_PASSWORD, demo_password_set, demo_sign_in_hint

DEMO_EDITOR_EMAIL = "editor@example.com"
DEMO_EDITOR_PASSWORD = DEMO_PASSWORD
DEMO_APPS = ["articles", "members"]


def demo_editor_ensure():
    User = get_user_model()
    editor, created = User.objects.get_or_create(
        email=DEMO_EDITOR_EMAIL,
        defaults={
            "first_name": "Olena",
            "last_name": "Demo",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        demo_password_set(editor)
    EmailAddress.objects.update_or_create(
        user=editor, email=DEMO_EDITOR_EMAIL, defaults={"verified": True, "primary": True}
    )
    return editor


class Command(BaseCommand):
    help = "Load the demo outlet (safe to run repeatedly)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with DEBUG=false (its accounts then have no password).",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is false: this looks like a production site, and the demo adds "
                "sample articles and staff accounts. Pass --allow-production if you mean it."
            )
        with transaction.atomic():
            demo_editor_ensure()
            for app in DEMO_APPS:
                if find_spec(f"{app}.demo"):
                    import_module(f"{app}.demo").load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo content for {settings.SITE_NAME} is ready."))
        self.stdout.write(
            f"Sign in as the demo editor: {demo_sign_in_hint(DEMO_EDITOR_EMAIL)} "
            f"at {settings.SITE_URL}/admin/"
        )
