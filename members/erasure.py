"""Financial records are kept; personal data can be erased.

A membership, a gift or an account with payment history is never deleted from the
admin (the campaign counts, the refunds and the bookkeeping all hang on those
rows): `payment_history_*` say why, and the admin refuses with that reason. What
staff do instead when a reader asks to be forgotten is `personal_data_erase`: the
name, email address, login, newsletter subscriptions and supporter-wall entry go;
the anonymised ledger (memberships, starts, gifts with their amounts and Stripe
ids) stays, so campaign counts and payment history remain exact.

An erased account keeps its row, under an address in `ERASED_DOMAIN` (which
cannot receive mail), so a later Stripe event for its subscription or customer
finds it and never recreates an account with the old address.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from members.campaigns.models import PublicSupporter
from members.gifts.models import Gift
from members.memberships.models import Membership
from members.newsletters.models import NewsletterSubscription

# RFC 2606: `.invalid` never resolves, so nothing is ever sent to an erased account.
ERASED_DOMAIN = "erased.invalid"
ERASE_INSTEAD = 'use "Erase personal data" instead'


def is_erased(user) -> bool:
    return bool(user.email) and user.email.endswith("@" + ERASED_DOMAIN)


def payment_history_of_membership(membership: Membership) -> list[str]:
    """Why `membership` must be kept (empty when it may be deleted)."""
    reasons = []
    starts = membership.starts.count()
    if starts or membership.stripe_customer_id or membership.stripe_subscription_id:
        what = f"{starts} start(s) counted by campaigns" if starts else "a Stripe customer"
        reasons.append(
            f"Membership of {membership.user}: payment history ({what}); {ERASE_INSTEAD}"
        )
    return reasons


def payment_history_of_gift(gift: Gift) -> list[str]:
    """Why `gift` must be kept (empty when it may be deleted)."""
    if gift.paid_at or gift.stripe_payment_intent_id:
        return [f"{gift}: paid through Stripe (payment history); {ERASE_INSTEAD}"]
    return []


def payment_history_of_user(user) -> list[str]:
    """Why the account `user` must be kept (empty when it may be deleted)."""
    reasons = []
    membership = Membership.objects.filter(user=user).first()
    if membership is not None:
        reasons += payment_history_of_membership(membership)
    for gift in Gift.objects.filter(giver=user) | Gift.objects.filter(redeemed_by=user):
        reasons += payment_history_of_gift(gift)
    return reasons


def personal_data_erase(*, user) -> None:
    """Forget who `user` was, keeping the anonymised ledger (see the module docstring)."""
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if is_erased(user):
            return
        old_addresses = {user.email.lower()} | {
            address.lower()
            for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        }
        PublicSupporter.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        for address in old_addresses:
            NewsletterSubscription.objects.filter(email__iexact=address).delete()
        erased_address = f"erased-{user.pk}@{ERASED_DOMAIN}"
        for gift in Gift.objects.filter(giver=user):
            gift.giver_name, gift.giver_email = "", erased_address
            gift.save(update_fields=["giver_name", "giver_email"])
        for gift in Gift.objects.filter(redeemed_by=user):
            gift.recipient_name, gift.recipient_email, gift.message = "", erased_address, ""
            gift.save(update_fields=["recipient_name", "recipient_email", "message"])
        user.email = erased_address
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "first_name", "last_name", "is_active", "password"])


def gift_personal_data_erase(*, gift: Gift) -> None:
    """Forget the giver and recipient of one gift (amounts and Stripe ids stay)."""
    erased_address = f"erased-gift-{gift.pk}@{ERASED_DOMAIN}"
    Gift.objects.filter(pk=gift.pk).update(
        giver_name="",
        giver_email=erased_address,
        recipient_name="",
        recipient_email=erased_address,
        message="",
    )
