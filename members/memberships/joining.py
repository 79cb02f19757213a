"""Joining: the membership Checkout Session, and fulfilling it once it is paid.

Fulfilment runs from the webhook and from the thank-you page, twice or at the same
moment: the reader's rows are locked before anything changes and Stripe is the
source of truth (the session and subscription are re-fetched, never trusted from a
webhook payload).
"""

from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language

from members.analytics.attribution import conversion_record
from members.billing import gateway
from members.billing.checkout import CheckoutStarted, subscription_checkout_params
from members.campaigns.services import public_supporter_from_checkout

from .lifecycle import membership_apply_subscription, membership_lock
from .models import Membership, PlanPrice
from .prices import KIND, plan_price_stripe_id, plan_product_id


@dataclass(frozen=True)
class CheckoutOutcome:
    """What happened to a Checkout Session: `paid`, `unpaid` (still open) or `expired`."""

    status: str
    email: str
    user_id: int | None = None
    membership: Membership | None = None
    account_created: bool = False
    # An account made for a reader who paid without one, not yet given a password
    # (whichever of the webhook and the thank-you page made it).
    needs_password: bool = False


def membership_checkout_create(
    *,
    price: PlanPrice,
    amount: int,
    user,
    email: str,
    attempt: str,
    success_url: str,
    cancel_url: str,
    extra_metadata: dict[str, str] | None = None,
    first_charge_at: datetime | None = None,
) -> CheckoutStarted:
    """Create a Stripe Checkout Session (subscription mode) for joining.

    `attempt` identifies one rendering of the join form: submitting it twice (a
    double click, a retried request) replays the same session instead of making a
    second one. `user` may be None (a reader without an account); fulfilment then
    links the membership to the account of the email address paid with. A gift
    member continuing passes `first_charge_at` (when their gift runs out).
    """
    metadata = {
        **(extra_metadata or {}),
        "newsroom_kind": KIND,
        "plan_price_id": str(price.pk),
        "user_id": str(user.pk) if user else "",
        # The edition the reader joined from: their membership emails use it.
        "language": get_language(),
    }
    if amount == price.amount:
        line_item = {"price": plan_price_stripe_id(price=price), "quantity": 1}
    else:
        line_item = {
            "price_data": {
                "currency": price.currency,
                "unit_amount": amount,
                "recurring": {"interval": price.interval},
                "product": plan_product_id(price=price),
            },
            "quantity": 1,
        }
    customer_id = (
        Membership.objects.filter(user=user).values_list("stripe_customer_id", flat=True).first()
        if user
        else None
    )
    params = subscription_checkout_params(
        line_item=line_item,
        metadata=metadata,
        client_reference_id=f"user-{user.pk}" if user else f"attempt-{attempt}",
        customer_id=customer_id,
        email=email,
        success_url=success_url,
        cancel_url=cancel_url,
        first_charge_at=first_charge_at,
    )
    session = gateway.stripe_client().v1.checkout.sessions.create(
        params=params,
        options={
            "idempotency_key": gateway.idempotency_key(
                "membership-checkout",
                attempt,
                user.pk if user else "",
                price.pk,
                amount,
                email,
                *sorted((extra_metadata or {}).items()),
                *([params["subscription_data"]["trial_end"]] if first_charge_at else []),
            )
        },
    )
    return CheckoutStarted(session_id=session.id, url=session.url)


def membership_fulfil_checkout(*, session_id: str) -> CheckoutOutcome | None:
    """Fulfil a membership Checkout Session; called by the webhook and the thank-you page.

    Fetches the session from Stripe (so a forged id fails with Stripe's 404 and a
    forged payload changes nothing). Returns None for sessions that are not
    memberships. For a paid session it finds or creates the reader's account (by
    the email address paid with, unverified until they confirm it through allauth),
    then mirrors the subscription onto their one membership. Running it twice, or
    from two requests at once, gives one membership and one welcome email.
    Raises gateway.StripeError when Stripe cannot be reached.
    """
    client = gateway.stripe_client()
    session = gateway.to_dict(client.v1.checkout.sessions.retrieve(session_id))
    metadata = session.get("metadata") or {}
    if metadata.get("newsroom_kind") != KIND or session.get("mode") != "subscription":
        return None
    email = (session.get("customer_details") or {}).get("email") or session.get("customer_email")
    email = (email or "").strip()
    if session.get("status") != "complete" or not session.get("subscription"):
        status = "expired" if session.get("status") == "expired" else "unpaid"
        return CheckoutOutcome(status=status, email=email)

    subscription_id = gateway.stripe_id(session["subscription"])
    with transaction.atomic():
        user, account_created = _checkout_user(
            user_id=metadata.get("user_id"), email=email, subscription_id=subscription_id
        )
        _user_language_remember(user, metadata.get("language"))
        # Only the account's owner may put it on the public supporter wall: the
        # signed-in joiner, or the payer whose new account this checkout made. A
        # payer who merely typed someone's address cannot name that person.
        if account_created or metadata.get("user_id") == str(user.pk):
            public_supporter_from_checkout(user=user, metadata=metadata)
        membership = membership_lock(user=user)
        subscription = gateway.to_dict(client.v1.subscriptions.retrieve(subscription_id))
        membership_apply_subscription(
            membership,
            subscription,
            first_invoice_id=gateway.stripe_id(session.get("invoice")),
            fallback_price_id=metadata.get("plan_price_id"),
            paid=session.get("payment_status") == "paid",
        )
        if session.get("payment_status") == "paid":
            # What brought this member (from the metadata the join form put on the
            # session); once per subscription, whichever of webhook and thank-you
            # page gets here first.
            conversion_record(
                kind="membership",
                reference=subscription_id,
                metadata=metadata,
                paid_at=timezone.now(),
            )
    return CheckoutOutcome(
        status="paid",
        email=email,
        user_id=user.pk,
        membership=membership,
        account_created=account_created,
        needs_password=not user.has_usable_password(),
    )


def _checkout_user(*, user_id: str | None, email: str, subscription_id: str):
    """The account a paid checkout belongs to: the signed-in joiner, else by email.

    A payer who was not signed in is matched only through an address its owner
    has verified (allauth's `EmailAddress.verified`), or to an account whose login
    is this address and that nobody has verified anything on yet (only whoever
    reads this address's mail can ever sign in to it: verification is mandatory).
    An address someone merely added to their own account, unverified, never
    attaches another person's payment, customer and billing portal to it.
    """
    User = get_user_model()
    if user_id and (user := User.objects.filter(pk=user_id).first()):
        return user, False
    # A subscription we already mirror stays with its account, even one whose
    # personal data was erased since: a replayed or late event never recreates
    # an account with the old address.
    known = Membership.objects.filter(stripe_subscription_id=subscription_id)
    if membership := known.select_related("user").first():
        return membership.user, False
    if not email:
        raise ValueError("A completed Checkout Session without an email address.")
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True)
    if address := verified.select_related("user").first():
        return address.user, False
    unproven = User.objects.filter(email__iexact=email).exclude(emailaddress__verified=True)
    if user := unproven.first():
        return user, False
    try:
        with transaction.atomic():
            # No password yet: the welcome email links to allauth's "set a password",
            # and signing in then confirms the address (mandatory verification).
            user = User.objects.create_user(email=email, password=None)
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    except IntegrityError as error:
        # Made by a parallel fulfilment a moment ago; or (rarely) the login of an
        # account that proved other addresses but never this one: staff decide.
        if user := unproven.first():
            return user, False
        raise ValueError(
            f"{email} is the unverified login of an account with other addresses."
        ) from error
    return user, True


def _user_language_remember(user, language: str | None) -> None:
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def membership_fulfil_subscription(*, subscription_id: str) -> Membership | None:
    """Fulfil the Checkout that created `subscription_id`, if that was a membership.

    For a subscription or invoice event about a membership subscription we don't
    know yet: normally `checkout.session.completed` or the thank-you page got there
    first, but if both were lost this finds the session and fulfils it.
    Raises gateway.StripeError when Stripe cannot be reached.
    """
    sessions = gateway.stripe_client().v1.checkout.sessions.list(
        params={"subscription": subscription_id, "limit": 1}
    )
    for session in sessions.data:
        outcome = membership_fulfil_checkout(session_id=session.id)
        if outcome is not None:
            return outcome.membership
    return None
