"""One function per gift email. Each renders now and sends after commit."""

from django.conf import settings
from django.urls import reverse

from members.memberships.models import Membership
from members.money import format_money
from newsroom.emails import email_send, in_language

from .models import Gift

PREFIX = "members/gifts/emails/"


def gift_redeem_url(gift: Gift) -> str:
    return settings.SITE_URL + reverse("members:gift-redeem", kwargs={"code": gift.code})


def _send(name: str, gift: Gift, *, to: str, **extra) -> None:
    # The recipient's email too is in the giver's language: the giver chose the
    # edition, and wrote the message in it.
    with in_language(gift.language):
        email_send(template_prefix=PREFIX + name, to=to, context=_context(gift, **extra))


def _context(gift: Gift, **extra) -> dict:
    return {
        "gift": gift,
        "price": format_money(gift.amount, gift.currency),
        "redeem_url": gift_redeem_url(gift),
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        **extra,
    }


def email_gift_purchased(gift: Gift) -> None:
    """To the giver: thanks, when it will be delivered, and the link to hand over."""
    _send("purchased", gift, to=gift.giver_email)


def email_gift_payment_failed(gift: Gift) -> None:
    with in_language(gift.language):
        gift_url = settings.SITE_URL + reverse("members:gift")
    _send("payment_failed", gift, to=gift.giver_email, gift_url=gift_url)


def email_gift_delivery(gift: Gift) -> None:
    """To the recipient: the giver's message and the single-use redemption link."""
    _send("delivery", gift, to=gift.recipient_email)


def email_gift_redeemed(gift: Gift) -> None:
    _send("redeemed", gift, to=gift.giver_email)


def email_gift_refunded(gift: Gift) -> None:
    _send("refunded", gift, to=gift.giver_email)


def email_gift_continue(membership: Membership) -> None:
    """To a gift member a week before the end: continue as a paying member."""
    with in_language(membership.user.language):
        email_send(
            template_prefix=PREFIX + "continue",
            to=membership.user.email,
            context={
                "membership": membership,
                "site_name": settings.SITE_NAME,
                "continue_url": settings.SITE_URL + reverse("members:gift-continue"),
            },
        )
