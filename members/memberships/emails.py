"""One function per email a member receives. Each renders now, sends after commit."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from newsroom.emails import email_send, in_language

from .models import Membership

PREFIX = "members/emails/"


def _context(membership: Membership, **extra) -> dict:
    return {
        "membership": membership,
        "user": membership.user,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "account_url": settings.SITE_URL + reverse("members:membership-account"),
        **extra,
    }


def _send(name: str, membership: Membership, **extra) -> None:
    with in_language(membership.user.language):
        email_send(
            template_prefix=PREFIX + name,
            to=membership.user.email,
            context=_context(membership, **extra),
        )


def email_welcome(membership: Membership) -> None:
    user = membership.user
    set_password_url = None
    if not user.has_usable_password():
        # An account made for a reader who paid without signing in: the link lets
        # them choose a password; signing in then confirms the address (allauth).
        path = reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": default_token_generator.make_token(user),
            },
        )
        set_password_url = settings.SITE_URL + path
    _send("welcome", membership, set_password_url=set_password_url)


def email_payment_failed(membership: Membership, *, invoice_url: str | None) -> None:
    _send("payment_failed", membership, invoice_url=invoice_url)


def email_payment_action_required(membership: Membership, *, invoice_url: str | None) -> None:
    _send("payment_action_required", membership, invoice_url=invoice_url)


def email_membership_ending(membership: Membership) -> None:
    _send("membership_ending", membership)


def email_membership_ended(membership: Membership) -> None:
    with in_language(membership.user.language):
        join_url = settings.SITE_URL + reverse("members:join")
    _send("membership_ended", membership, join_url=join_url)
