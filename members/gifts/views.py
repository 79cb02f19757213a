import logging
import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from members.analytics.attribution import attribution_metadata, checkout_started_record
from members.billing import gateway
from members.billing.checkout import (
    STRIPE_UNREACHABLE_MESSAGE,
    TOO_MANY_ATTEMPTS_MESSAGE,
    checkout_redirect,
    checkout_thanks,
    stripe_rate_limited,
    too_many_attempts,
)
from members.memberships.models import Membership, PlanPrice
from newsroom.clock import newsroom_today

from . import redeeming
from .buying import gift_checkout_create, gift_fulfil_checkout
from .continuing import gift_member_continue_checkout
from .forms import GiftForm
from .models import Gift, GiftPrice
from .redeeming import GiftNotRedeemable, gift_check_redeemable

logger = logging.getLogger(__name__)

SESSION_CHECKOUTS = "gift_checkout_sessions"
GIFT_CODE = re.compile(r"[A-Za-z0-9_-]{20,64}")
# Looking at or redeeming codes, per account (or address when signed out): plenty
# for a reader with a handful of gifts, hopeless for guessing 192-bit codes.
REDEEM_RATE = "20/h"


def _redeem_limited(request: HttpRequest) -> bool:
    return is_ratelimited(
        request, group="gift-redeem", key="user_or_ip", rate=REDEEM_RATE, increment=True
    )


def _too_many_attempts(request: HttpRequest) -> HttpResponse:
    return render(request, "members/gifts/too_many.html", status=429)


def gift_buy(request: HttpRequest) -> HttpResponse:
    """The gift page: choose a length, say who it is for and when, then pay."""
    status = 200
    if request.method == "POST" and stripe_rate_limited(
        request, group="gift-buy", rate=settings.CHECKOUT_RATE
    ):
        # The form keeps what was typed; no gift row is written, Stripe not called.
        form = GiftForm(request.POST)
        form.is_valid()
        form.add_error(None, TOO_MANY_ATTEMPTS_MESSAGE)
        status = 429
    elif request.method == "POST":
        form = GiftForm(request.POST)
        if form.is_valid():
            response = _checkout_start(request, form)
            if response is not None:
                return response
    else:
        initial = {"attempt": uuid.uuid4(), "deliver_on": newsroom_today()}
        if request.user.is_authenticated:
            initial["giver_email"] = request.user.email
            initial["giver_name"] = request.user.get_full_name()
        prices = list(GiftPrice.objects.filter(active=True))
        if prices:
            initial["duration"] = prices[-1].pk  # the year: the most common gift
        form = GiftForm(initial=initial)
    return render(request, "members/gifts/gift.html", {"form": form}, status=status)


def _checkout_start(request: HttpRequest, form: GiftForm) -> HttpResponse | None:
    data = form.cleaned_data
    attribution = attribution_metadata(request)
    try:
        started = gift_checkout_create(
            price=data["duration"],
            attempt=str(data["attempt"]),
            giver=request.user,
            giver_name=data["giver_name"],
            giver_email=data["giver_email"],
            recipient_name=data["recipient_name"],
            recipient_email=data["recipient_email"],
            message=data["message"],
            deliver_on=data["deliver_on"],
            success_url=request.build_absolute_uri(reverse("members:gift-thanks"))
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=request.build_absolute_uri(reverse("members:gift")),
            extra_metadata=attribution,
        )
    except gateway.StripeError:
        logger.exception("Could not create a gift Checkout Session")
        form.add_error(None, STRIPE_UNREACHABLE_MESSAGE)
        return None
    checkout_started_record(request, kind="gift", metadata=attribution)
    return checkout_redirect(
        request,
        session_key=SESSION_CHECKOUTS,
        session_id=started.gift.stripe_checkout_session_id,
        url=started.url,
    )


def gift_thanks(request: HttpRequest) -> HttpResponse:
    """Where Stripe sends the giver after paying; runs the webhook's fulfilment too.

    Only the browser that started the checkout sees it (the page shows the
    redemption link); any other session id is a 404.
    """
    return checkout_thanks(
        request,
        session_key=SESSION_CHECKOUTS,
        fulfil=gift_fulfil_checkout,
        template="members/gifts/thanks.html",
        context_name="gift",
        extra_context=lambda gift: {"redeem_url": request.build_absolute_uri(_redeem_path(gift))},
    )


def _redeem_path(gift: Gift) -> str:
    return reverse("members:gift-redeem", kwargs={"code": gift.code})


@login_required
def gift_redeem_enter(request: HttpRequest) -> HttpResponse:
    """Type a gift code by hand (for a link that was printed or read out)."""
    error = ""
    if request.method == "POST":
        code = "".join(request.POST.get("code", "").split())
        if GIFT_CODE.fullmatch(code):
            return redirect("members:gift-redeem", code=code)
        error = "A gift code is 32 letters, digits, dashes and underscores. Please check it."
    return render(request, "members/gifts/redeem_enter.html", {"error": error})


@login_required
def gift_redeem(request: HttpRequest, code: str) -> HttpResponse:
    """The redemption link: see the gift, then redeem it into your membership."""
    if _redeem_limited(request):
        return _too_many_attempts(request)
    gift = (
        Gift.objects.filter(code=code).select_related("redeemed_by").first()
        if GIFT_CODE.fullmatch(code)
        else None
    )
    if request.method == "POST":
        if gift is None:
            raise Http404("No such gift.")
        try:
            redeeming.gift_redeem(code=code, user=request.user)
        except GiftNotRedeemable as refusal:
            messages.error(request, refusal.message)
            return redirect("members:gift-redeem", code=code)
        except gateway.StripeError:
            logger.exception("Could not extend the subscription for gift %s", gift.pk)
            messages.error(
                request,
                _(
                    "We could not update your membership just now; your gift is safe. "
                    "Please try again in a minute."
                ),
            )
            return redirect("members:gift-redeem", code=code)
        messages.success(
            request,
            _("Your gift is redeemed: %(duration)s of membership. Welcome!")
            % {"duration": gift.get_duration_months_display()},
        )
        return redirect("members:membership-account")

    refusal = None
    if gift is None:
        refusal = GiftNotRedeemable("unknown", "")
    else:
        try:
            gift_check_redeemable(gift, request.user)
        except GiftNotRedeemable as error:
            refusal = error
    membership = Membership.objects.filter(user=request.user).first()
    return render(
        request,
        "members/gifts/redeem.html",
        {"gift": gift, "refusal": refusal, "membership": membership, "code": code},
        status=404 if gift is None else 200,
    )


@login_required
def gift_continue(request: HttpRequest) -> HttpResponse:
    """A gift member chooses a plan to continue after the gift (first charge then)."""
    membership = Membership.objects.filter(user=request.user).first()
    if membership is None or membership.source != Membership.Source.GIFT:
        return redirect("members:join")
    prices = list(PlanPrice.objects.offered())
    return render(
        request,
        "members/gifts/continue.html",
        {"membership": membership, "prices": prices, "attempt": uuid.uuid4()},
    )


@login_required
@require_POST
def gift_continue_checkout(request: HttpRequest) -> HttpResponse:
    membership = Membership.objects.filter(user=request.user).first()
    price_id = request.POST.get("price", "")
    # Only digits reach the query: anything else is "no plan chosen", not a server error.
    price = (
        PlanPrice.objects.offered().filter(pk=int(price_id)).first()
        if price_id.isascii() and price_id.isdigit() and len(price_id) < 19
        else None
    )
    attempt = _attempt(request.POST.get("attempt", ""))
    if (
        membership is None
        or membership.source != Membership.Source.GIFT
        or price is None
        or attempt is None
    ):
        messages.error(request, _("Choose a plan to continue."))
        return redirect("members:gift-continue")
    if stripe_rate_limited(request, group="gift-continue", rate=settings.CHECKOUT_RATE):
        return too_many_attempts(request)
    try:
        started = gift_member_continue_checkout(
            user=request.user,
            price=price,
            attempt=str(attempt),
            success_url=request.build_absolute_uri(reverse("members:membership-thanks"))
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=request.build_absolute_uri(reverse("members:gift-continue")),
        )
    except gateway.StripeError:
        logger.exception("Could not start a continuation checkout for %s", request.user.pk)
        messages.error(request, _("We could not reach our payment provider. Please try again."))
        return redirect("members:gift-continue")
    return HttpResponseRedirect(started.url, status=303)


def _attempt(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
