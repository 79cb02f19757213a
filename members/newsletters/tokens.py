"""Signed, expiring tokens for the links in newsletter emails.

Django's `TimestampSigner` (HMAC with SECRET_KEY) carries the subscription id and
address, so a link works without signing in, cannot be forged or pointed at
someone else's subscription, and stops working after its maximum age. Each
purpose has its own salt, so a confirmation token cannot unsubscribe and the
other way round.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from .models import NewsletterSubscription

CONFIRM_SALT = "members.newsletters.confirm"
UNSUBSCRIBE_SALT = "members.newsletters.unsubscribe"


class InvalidToken(Exception):
    """The link was altered, belongs to no subscription, or has expired."""


def _make(subscription: NewsletterSubscription, salt: str) -> str:
    return signing.TimestampSigner(salt=salt).sign_object(
        {"id": subscription.pk, "email": subscription.email}, compress=True
    )


def _read(token: str, salt: str, max_age: timedelta) -> NewsletterSubscription:
    try:
        data = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidToken("expired") from error
    except signing.BadSignature as error:
        raise InvalidToken("forged") from error
    try:
        return NewsletterSubscription.objects.select_related("newsletter").get(
            pk=data["id"], email=data["email"]
        )
    except (NewsletterSubscription.DoesNotExist, KeyError, TypeError) as error:
        raise InvalidToken("unknown") from error


def confirm_token_make(subscription: NewsletterSubscription) -> str:
    return _make(subscription, CONFIRM_SALT)


def confirm_token_read(token: str) -> NewsletterSubscription:
    return _read(token, CONFIRM_SALT, timedelta(days=settings.NEWSLETTER_CONFIRM_MAX_AGE_DAYS))


def unsubscribe_token_make(subscription: NewsletterSubscription) -> str:
    return _make(subscription, UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> NewsletterSubscription:
    # Long-lived on purpose: an unsubscribe link in an old email must keep working
    # (mail providers and the law expect that), but not forever.
    return _read(
        token, UNSUBSCRIBE_SALT, timedelta(days=settings.NEWSLETTER_UNSUBSCRIBE_MAX_AGE_DAYS)
    )
