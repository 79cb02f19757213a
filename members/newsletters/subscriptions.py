"""Subscribing and unsubscribing: the operations behind the signup form, the email
links and the account page. Each runs in one transaction and locks the row it
changes, so a double-clicked link or two tabs cannot race each other.
"""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from . import emails
from .models import Newsletter, NewsletterSubscription, email_normalize


class MembersOnly(Exception):
    """The newsletter is for active members, and this reader is not one."""


def _address_is_verified_for(user, email: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _locked(newsletter: Newsletter, email: str, **defaults) -> NewsletterSubscription:
    NewsletterSubscription.objects.get_or_create(
        newsletter=newsletter, email=email, defaults=defaults
    )
    return NewsletterSubscription.objects.select_for_update().get(
        newsletter=newsletter, email=email
    )


def subscription_request(
    *,
    newsletter: Newsletter,
    email: str,
    user=None,
    source: str = NewsletterSubscription.Source.SIGNUP,
) -> NewsletterSubscription:
    """Sign `email` up to `newsletter` (double opt-in).

    The caller shows the same "check your inbox" answer whatever happens here, so
    the page never tells a stranger whether an address is subscribed; only the
    owner of the address learns that, from the email it receives.

    A signed-in reader subscribing their own verified address has already proved
    they own it, so that subscription is confirmed at once.
    """
    # Imported here: `access` is the seam tests replace, and must be looked up
    # at call time.
    from . import access

    email = email_normalize(email)
    if newsletter.members_only and not access.reader_is_active_member(user):
        raise MembersOnly(newsletter.name)
    verified = _address_is_verified_for(user, email)
    with transaction.atomic():
        subscription = _locked(newsletter, email, source=source, language=get_language())
        if verified:
            if subscription.user_id is None:
                subscription.user = user
                subscription.save(update_fields=["user"])
            subscription.confirm()
        elif subscription.is_confirmed:
            emails.already_subscribed_send(subscription)
        else:
            subscription.status = NewsletterSubscription.Status.PENDING
            subscription.confirmation_sent_at = timezone.now()
            subscription.language = get_language()  # the edition they are using now
            subscription.save(update_fields=["status", "confirmation_sent_at", "language"])
            emails.confirmation_send(subscription)
    return subscription


def subscription_confirm(*, subscription_id: int) -> NewsletterSubscription:
    """Confirm from the email link. Idempotent; an unsubscribed reader who clicks
    an old confirmation link is subscribed again, since they asked for it."""
    with transaction.atomic():
        subscription = NewsletterSubscription.objects.select_for_update().get(pk=subscription_id)
        subscription.confirm()
    return subscription


def subscription_unsubscribe(*, subscription_id: int) -> NewsletterSubscription:
    with transaction.atomic():
        subscription = NewsletterSubscription.objects.select_for_update().get(pk=subscription_id)
        subscription.unsubscribe()
    return subscription


def subscriptions_for_user(user) -> dict[int, NewsletterSubscription]:
    """The reader's subscriptions under their account address, by newsletter id."""
    return {
        subscription.newsletter_id: subscription
        for subscription in NewsletterSubscription.objects.filter(email=email_normalize(user.email))
    }


def subscriptions_set_for_user(*, user, wanted: set[int]) -> None:
    """Turn each active newsletter on or off for the signed-in reader.

    Newsletters the reader may not join (members-only) are left as they are.
    """
    from . import access

    is_member = access.reader_is_active_member(user)
    current = subscriptions_for_user(user)
    for newsletter in Newsletter.objects.active():
        subscription = current.get(newsletter.pk)
        is_on = subscription is not None and subscription.is_confirmed
        is_off = subscription is None or subscription.status == (
            NewsletterSubscription.Status.UNSUBSCRIBED
        )
        if newsletter.pk in wanted and not is_on:
            if newsletter.members_only and not is_member:
                continue
            subscription_request(
                newsletter=newsletter,
                email=user.email,
                user=user,
                source=NewsletterSubscription.Source.ACCOUNT,
            )
        elif newsletter.pk not in wanted and not is_off:
            subscription_unsubscribe(subscription_id=subscription.pk)
