"""Create the demo outlet: an editor account and each app's sample content.

Idempotent: every object is looked up by a natural key before it is created, so
running it again (as `make run` does on every start) duplicates nothing. Each app
contributes through a `demo.py` module with a `load(*, stdout)` function.
"""

from importlib import import_module
from importlib.util import find_spec

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_EDITOR_EMAIL = "editor@example.com"
DEMO_EDITOR_PASSWORD = "newsroom-demo"  # noqa: S105 - printed for the demo, never used in production
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
        editor.set_password(DEMO_EDITOR_PASSWORD)
        editor.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=editor, email=DEMO_EDITOR_EMAIL, defaults={"verified": True, "primary": True}
    )
    return editor


class Command(BaseCommand):
    help = "Load the demo outlet (safe to run repeatedly)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            demo_editor_ensure()
            for app in DEMO_APPS:
                if find_spec(f"{app}.demo"):
                    import_module(f"{app}.demo").load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo content for {settings.SITE_NAME} is ready."))
        self.stdout.write(
            f"Sign in as the demo editor: {DEMO_EDITOR_EMAIL} / {DEMO_EDITOR_PASSWORD} "
            f"at {settings.SITE_URL}/admin/"
        )
