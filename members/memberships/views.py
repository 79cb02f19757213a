import logging
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
from members.campaigns.forms import SupporterNamingForm

from .account import membership_invoices, membership_portal_url
from .forms import JoinForm
from .joining import membership_checkout_create, membership_fulfil_checkout
from .models import Membership, Plan, PlanPrice

logger = logging.getLogger(__name__)

# Checkout Sessions started in this browser: the thank-you page only shows its
# outcome to the browser (or the account) that paid.
SESSION_CHECKOUTS = "membership_checkout_sessions"


def _membership_for(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user).select_related("plan").first()


def membership_join(request: HttpRequest) -> HttpResponse:
    """The "Become a member" page: choose a plan and interval, then pay with Stripe."""
    membership = _membership_for(request.user)
    if membership is not None and membership.is_live:
        messages.info(request, _("You are already a member. Thank you!"))
        return redirect("members:membership-account")

    status = 200
    # Join attempts, per account or address: too few to probe which email
    # addresses belong to members (the form says so, to keep them from paying
    # twice) or to flood Stripe with Checkout Sessions.
    if request.method == "POST" and stripe_rate_limited(
        request, group="membership-join", rate=settings.CHECKOUT_RATE
    ):
        messages.error(request, TOO_MANY_ATTEMPTS_MESSAGE)
        form = JoinForm(initial={"attempt": uuid.uuid4()}, user=request.user)
        naming_form = SupporterNamingForm(request.POST)
        status = 429
    elif request.method == "POST":
        data = request.POST.copy()
        data["amount"] = request.POST.get(f"amount_{request.POST.get('price', '')}", "")
        form = JoinForm(data, user=request.user)
        naming_form = SupporterNamingForm(request.POST)
        if form.is_valid() and naming_form.is_valid():
            response = _checkout_start(request, form, naming_form)
            if response is not None:
                return response
    else:
        form = JoinForm(initial={"attempt": uuid.uuid4()}, user=request.user)
        naming_form = SupporterNamingForm(initial=SupporterNamingForm.initial_for(request.user))

    prices = list(PlanPrice.objects.offered())
    plans: dict[int, Plan] = {}
    for price in prices:
        plan = plans.setdefault(price.plan_id, price.plan)
        plan.offered_prices = [*getattr(plan, "offered_prices", []), price]
    for plan in plans.values():
        # Monthly first: it is the preselected interval.
        plan.offered_prices.sort(key=lambda price: price.interval != PlanPrice.Interval.MONTH)
    return render(
        request,
        "members/memberships/join.html",
        {
            "form": form,
            "naming_form": naming_form,
            "plans": list(plans.values()),
            "chosen_price": form.data.get("price", "") if form.is_bound else "",
            "chosen_interval": _chosen_interval(form, prices),
        },
        status=status,
    )


def _chosen_interval(form: JoinForm, prices: list[PlanPrice]) -> str:
    chosen = form.data.get("price", "") if form.is_bound else ""
    for price in prices:
        if str(price.pk) == chosen:
            return price.interval
    return PlanPrice.Interval.MONTH


def _checkout_start(
    request: HttpRequest, form: JoinForm, naming_form: SupporterNamingForm
) -> HttpResponse | None:
    user = request.user if request.user.is_authenticated else None
    attribution = attribution_metadata(request)
    try:
        started = membership_checkout_create(
            price=form.cleaned_data["price"],
            amount=form.cleaned_data["amount_minor"],
            user=user,
            email=user.email if user else form.cleaned_data["email"],
            attempt=str(form.cleaned_data["attempt"]),
            success_url=request.build_absolute_uri(reverse("members:membership-thanks"))
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=request.build_absolute_uri(reverse("members:join")),
            extra_metadata={**naming_form.checkout_metadata(), **attribution},
        )
    except gateway.StripeError:
        logger.exception("Could not create a membership Checkout Session")
        form.add_error(None, STRIPE_UNREACHABLE_MESSAGE)
        return None
    checkout_started_record(request, kind="membership", metadata=attribution)
    return checkout_redirect(
        request, session_key=SESSION_CHECKOUTS, session_id=started.session_id, url=started.url
    )


def membership_thanks(request: HttpRequest) -> HttpResponse:
    """Where Stripe sends the reader after paying: states the real outcome.

    Runs the same fulfilment as the webhook, so it is right even when the webhook
    is late. Only the browser that started the checkout, or the account it belongs
    to, sees the outcome; any other session id is a 404.
    """
    return checkout_thanks(
        request,
        session_key=SESSION_CHECKOUTS,
        fulfil=membership_fulfil_checkout,
        template="members/memberships/thanks.html",
        context_name="outcome",
        owner_id=lambda outcome: outcome.user_id,
    )


@login_required
def membership_account(request: HttpRequest) -> HttpResponse:
    """The member's own page: state, plan, paid-through date, billing and invoices."""
    membership = _membership_for(request.user)
    invoices: list[dict] = []
    invoices_unavailable = False
    if membership is not None and membership.stripe_customer_id:
        try:
            invoices = membership_invoices(membership=membership)
        except gateway.StripeError:
            logger.warning("Could not list invoices of %s", membership.stripe_customer_id)
            invoices_unavailable = True
    return render(
        request,
        "members/memberships/account.html",
        {
            "membership": membership,
            "invoices": invoices,
            "invoices_unavailable": invoices_unavailable,
        },
    )


@login_required
@require_POST
def membership_billing_portal(request: HttpRequest) -> HttpResponse:
    """Open the Stripe Customer Portal for the signed-in member."""
    membership = _membership_for(request.user)
    if membership is None or not membership.stripe_customer_id:
        raise Http404("No billing account.")
    if stripe_rate_limited(request, group="billing-portal", rate=settings.BILLING_PORTAL_RATE):
        return too_many_attempts(request)
    try:
        url = membership_portal_url(
            membership=membership,
            return_url=request.build_absolute_uri(reverse("members:membership-account")),
        )
    except gateway.StripeError:
        logger.exception("Could not open the billing portal for %s", membership.pk)
        messages.error(
            request, _("We could not open the billing page just now. Please try again in a minute.")
        )
        return redirect("members:membership-account")
    return HttpResponseRedirect(url, status=303)
