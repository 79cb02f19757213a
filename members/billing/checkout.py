"""What every Checkout flow (memberships, gifts) does around Stripe's hosted page.

- `subscription_checkout_params`: the Checkout Session for a recurring payment,
  shared by joining and by a gift member continuing as a paying member;
- `checkout_redirect`: off to Stripe, remembering the session in this browser;
- `checkout_thanks`: the page Stripe sends the payer back to, which runs the same
  fulfilment as the webhook and shows its outcome only to whoever paid.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from . import gateway

logger = logging.getLogger(__name__)

# Shown when creating a Checkout Session fails: nothing reached Stripe's payment
# page, so nothing can have been charged.
STRIPE_UNREACHABLE_MESSAGE = _(
    "We could not reach our payment provider, and nothing was charged. "
    "Please try again in a minute."
)
TOO_MANY_ATTEMPTS_MESSAGE = _(
    "Too many attempts from your connection. Please wait a while and try again."
)
REMEMBERED_CHECKOUTS = 10
CHECKOUT_SESSION_ID = re.compile(r"cs_[A-Za-z0-9_]{8,250}")
# Checkout's free periods must end at least 48 hours after the session starts.
SHORTEST_FREE_PERIOD = timedelta(days=2)


@dataclass(frozen=True)
class CheckoutStarted:
    session_id: str
    url: str


def subscription_checkout_params(
    *,
    line_item: dict,
    metadata: dict[str, str],
    client_reference_id: str,
    customer_id: str | None,
    email: str,
    success_url: str,
    cancel_url: str,
    first_charge_at: datetime | None = None,
) -> dict:
    """The parameters of a subscription-mode Checkout Session.

    The metadata goes on the session and on the subscription (so subscription
    events can be told apart). A known Stripe customer is reused (one billing
    portal per reader), else Checkout asks for `email`. With `first_charge_at`,
    nothing is charged until then (a free period), when that is far enough ahead
    for Checkout to accept it.
    """
    subscription_data: dict[str, Any] = {"metadata": metadata}
    if first_charge_at and first_charge_at > timezone.now() + SHORTEST_FREE_PERIOD:
        subscription_data["trial_end"] = int(first_charge_at.timestamp())
    params: dict[str, Any] = {
        "mode": "subscription",
        "line_items": [line_item],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": client_reference_id,
        "metadata": metadata,
        "subscription_data": subscription_data,
    }
    if customer_id:
        params["customer"] = customer_id
    else:
        params["customer_email"] = email
    return params


def stripe_rate_limited(request: HttpRequest, *, group: str, rate: str) -> bool:
    """Count one request that would call Stripe or write rows for this reader; True
    once they are over `rate` (a setting's value, e.g. settings.CHECKOUT_RATE).

    Counted per account, or per client address when signed out, in the cache
    (django-ratelimit). Callers answer 429 with `TOO_MANY_ATTEMPTS_MESSAGE` and
    create nothing.
    """
    return is_ratelimited(request, group=group, key="user_or_ip", rate=rate, increment=True)


def too_many_attempts(request: HttpRequest) -> HttpResponse:
    """The 429 page for a throttled request (nothing was created)."""
    return render(
        request, "members/too_many.html", {"message": TOO_MANY_ATTEMPTS_MESSAGE}, status=429
    )


def checkout_redirect(
    request: HttpRequest, *, session_key: str, session_id: str, url: str
) -> HttpResponseRedirect:
    """Send the reader to Stripe's page, remembering the session in their browser
    session so the thank-you page can tell its own checkout from a forged id."""
    started_here = request.session.get(session_key, [])
    request.session[session_key] = [*started_here[-(REMEMBERED_CHECKOUTS - 1) :], session_id]
    # 303: the browser follows a POST's redirect with a GET.
    return HttpResponseRedirect(url, status=303)


def checkout_thanks[Outcome](
    request: HttpRequest,
    *,
    session_key: str,
    fulfil: Callable[..., Outcome | None],
    template: str,
    context_name: str,
    owner_id: Callable[[Outcome], int | None] | None = None,
    extra_context: Callable[[Outcome], dict] | None = None,
) -> HttpResponse:
    """The thank-you page for `?session_id=`: fulfil the session, show the outcome.

    Runs `fulfil(session_id=...)`, the webhook's own fulfilment, so the page is
    right even when the webhook is late. Only the browser that started the
    checkout (`checkout_redirect` remembered it), or with `owner_id` the signed-in
    account the outcome belongs to, sees it; any other id is a 404 whether or not
    it exists. When Stripe cannot be reached the page says so with a 503. Each
    lookup asks Stripe, so they are throttled (`CHECKOUT_THANKS_RATE`).
    """
    if stripe_rate_limited(request, group="checkout-thanks", rate=settings.CHECKOUT_THANKS_RATE):
        return too_many_attempts(request)
    session_id = request.GET.get("session_id", "")
    if not CHECKOUT_SESSION_ID.fullmatch(session_id):
        raise Http404("No such checkout.")
    started_here = session_id in request.session.get(session_key, [])
    may_own = owner_id is not None and request.user.is_authenticated
    if not started_here and not may_own:
        raise Http404("No such checkout.")
    try:
        outcome = fulfil(session_id=session_id)
    except gateway.InvalidRequestError as error:
        if gateway.is_not_found(error):
            raise Http404("No such checkout.") from error
        raise
    except gateway.StripeError:
        logger.exception("Could not confirm Checkout Session %s", session_id)
        return render(request, template, {context_name: None}, status=503)
    if outcome is None:
        raise Http404("No such checkout.")
    if not started_here and not (may_own and owner_id(outcome) == request.user.pk):
        raise Http404("No such checkout.")
    context = {context_name: outcome, **(extra_context(outcome) if extra_context else {})}
    return render(request, template, context)
