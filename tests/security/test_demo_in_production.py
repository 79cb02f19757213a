"""The demo never puts a known password on a production site."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from newsroom.demo_accounts import DEMO_PASSWORD
from newsroom.management.commands.load_demo import DEMO_EDITOR_EMAIL

pytestmark = pytest.mark.django_db
DEMO_REPORTER_EMAIL = "reporter@example.com"


def test_load_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo", stdout=StringIO())

    assert not get_user_model().objects.exists()


def test_with_the_flag_the_demo_accounts_have_no_known_password(settings):
    settings.DEBUG = False
    out = StringIO()

    call_command("load_demo", "--allow-production", stdout=out)

    User = get_user_model()
    for email in (DEMO_EDITOR_EMAIL, DEMO_REPORTER_EMAIL):
        user = User.objects.get(email=email)
        assert not user.has_usable_password()
        assert not Client().login(email=email, password=DEMO_PASSWORD)
    assert DEMO_PASSWORD not in out.getvalue()
    assert "changepassword" in out.getvalue()
