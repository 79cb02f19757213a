"""Passwords of the demo's staff accounts: a known one in development, none in production.

`load_demo` prints the development password so a newcomer can sign straight in. On a
site with DEBUG=false (run only with `load_demo --allow-production`) a known password
on a superuser would be an open door, so the accounts get no usable password: an
operator sets one with `manage.py changepassword <email>`.
"""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser

DEMO_PASSWORD = "newsroom-demo"  # noqa: S105 - development only, see the docstring


def demo_password_set(user: AbstractBaseUser) -> None:
    if settings.DEBUG:
        user.set_password(DEMO_PASSWORD)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])


def demo_sign_in_hint(email: str) -> str:
    if settings.DEBUG:
        return f"{email} / {DEMO_PASSWORD}"
    return f"{email} (no password: set one with `manage.py changepassword {email}`)"
