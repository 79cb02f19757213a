"""One function per gift email. Each renders now and sends after commit."""

from django.conf import settings
from django.urls import reverse

from members.memberships.models import Membership
from members.money import format_money
from newsroom.emails import email_send

from .models import Gift

PREFIX = "members/gifts/emails/"


def gift_redeem_url(gift: Gift) -> str:
    return settings.SITE_URL + reverse("members:gift-redeem", kwargs={"code": gift.code})


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
    email_send(template_prefix=PREFIX + "purchased", to=gift.giver_email, context=_context(gift))


def email_gift_payment_failed(gift: Gift) -> None:
    email_send(
        template_prefix=PREFIX + "payment_failed",
        to=gift.giver_email,
        context=_context(gift, gift_url=settings.SITE_URL + reverse("members:gift")),
    )


def email_gift_delivery(gift: Gift) -> None:
    """To the recipient: the giver's message and the single-use redemption link."""
    email_send(template_prefix=PREFIX + "delivery", to=gift.recipient_email, context=_context(gift))


def email_gift_redeemed(gift: Gift) -> None:
    email_send(template_prefix=PREFIX + "redeemed", to=gift.giver_email, context=_context(gift))


def email_gift_refunded(gift: Gift) -> None:
    email_send(template_prefix=PREFIX + "refunded", to=gift.giver_email, context=_context(gift))


def email_gift_continue(membership: Membership) -> None:
    """To a gift member a week before the end: continue as a paying member."""
    email_send(
        template_prefix=PREFIX + "continue",
        to=membership.user.email,
        context={
            "membership": membership,
            "site_name": settings.SITE_NAME,
            "continue_url": settings.SITE_URL + reverse("members:gift-continue"),
        },
    )
