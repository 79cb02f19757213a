"""What every Checkout flow (memberships, gifts) does around Stripe's hosted page."""

from django.http import HttpRequest, HttpResponseRedirect

# Shown when creating a Checkout Session fails: nothing reached Stripe's payment
# page, so nothing can have been charged.
STRIPE_UNREACHABLE_MESSAGE = (
    "We could not reach our payment provider, and nothing was charged. "
    "Please try again in a minute."
)
REMEMBERED_CHECKOUTS = 10


def checkout_redirect(
    request: HttpRequest, *, session_key: str, session_id: str, url: str
) -> HttpResponseRedirect:
    """Send the reader to Stripe's page, remembering the session in their browser
    session so the thank-you page can tell its own checkout from a forged id."""
    started_here = request.session.get(session_key, [])
    request.session[session_key] = [*started_here[-(REMEMBERED_CHECKOUTS - 1) :], session_id]
    # 303: the browser follows a POST's redirect with a GET.
    return HttpResponseRedirect(url, status=303)
