from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import is_ratelimited

from members.analytics.beacon import event_record
from members.analytics.counting import clean_path, counting_refused
from members.analytics.models import EventDay
from newsroom.http_cache.crosssite import same_origin_post
from newsroom.http_cache.policy import public_page

from . import access
from .forms import PreferencesForm, SignupForm
from .models import Newsletter, NewsletterSubscription, email_normalize
from .subscriptions import (
    MembersOnly,
    subscription_confirm,
    subscription_request,
    subscription_unsubscribe,
    subscriptions_for_user,
    subscriptions_set_for_user,
)
from .tokens import InvalidToken, confirm_token_read, unsubscribe_token_read


def _signup_form(request: HttpRequest, newsletter: Newsletter) -> SignupForm:
    email = request.user.email if request.user.is_authenticated else ""
    return SignupForm(
        newsletters=[newsletter],
        auto_id=f"signup-{newsletter.slug}-%s",
        initial={"email": email, "next": request.get_full_path()},
    )


def _newsletter_list(
    request: HttpRequest, *, bound: SignupForm | None = None, status: int = 200
) -> HttpResponse:
    newsletters = list(Newsletter.objects.active().in_edition().select_related("author"))
    subscribed = {}
    if request.user.is_authenticated:
        subscribed = {
            newsletter_id: subscription.status
            for newsletter_id, subscription in subscriptions_for_user(request.user).items()
        }
    is_member = access.reader_is_active_member(request.user)
    entries = []
    unplaced = bound
    for newsletter in newsletters:
        form = _signup_form(request, newsletter)
        if bound is not None and bound.newsletter_slug == newsletter.slug:
            form, unplaced = bound, None
        entries.append(
            {
                "newsletter": newsletter,
                "form": form,
                "status": subscribed.get(newsletter.pk),
                "may_subscribe": not newsletter.members_only or is_member,
            }
        )
    # A form whose newsletter is not listed (none chosen in the compact form, or
    # one since retired) is shown on its own, at the top, with its errors.
    if unplaced is not None:
        # Shown above the form: with no choices left, crispy would show it nowhere.
        for error in unplaced.errors.pop("newsletter", []):
            unplaced.add_error(None, error)
        unplaced.fields["newsletter"].widget = forms.RadioSelect()
        unplaced.fields["newsletter"].queryset = (
            Newsletter.objects.active().in_edition().filter(members_only=False)
        )
    return render(
        request,
        "members/newsletters/list.html",
        {"entries": entries, "unplaced_form": unplaced},
        status=status,
    )


@require_safe
@public_page(tags=("site", "newsletters"))
def newsletter_list(request: HttpRequest) -> HttpResponse:
    return _newsletter_list(request)


def _safe_next(request: HttpRequest, candidate: str, fallback: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _address_key(group: str, request: HttpRequest) -> str:
    return email_normalize(request.POST.get("email", ""))


@same_origin_post  # the form is on cached pages: no per-reader token
@require_POST
def newsletter_signup(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("newsletter", "")
    listed = Newsletter.objects.active().filter(slug=slug).first() if slug else None
    form = SignupForm(
        request.POST,
        newsletters=[listed] if listed else None,
        auto_id=f"signup-{slug if listed else 'choice'}-%s",
    )
    form.newsletter_slug = slug
    limited = is_ratelimited(
        request,
        group="newsletters.signup.ip",
        key="ip",
        rate=settings.NEWSLETTER_SIGNUP_RATE_PER_IP,
        increment=True,
    )
    if form.is_valid():
        limited = (
            is_ratelimited(
                request,
                group="newsletters.signup.address",
                key=_address_key,
                rate=settings.NEWSLETTER_SIGNUP_RATE_PER_ADDRESS,
                increment=True,
            )
            or limited
        )
    if limited:
        form.add_error(
            None, "There have been too many signup attempts. Please try again in an hour."
        )
        return _newsletter_list(request, bound=form, status=429)
    if not form.is_valid():
        return _newsletter_list(request, bound=form, status=400)

    newsletter = form.cleaned_data["newsletter"]
    email = form.cleaned_data["email"]
    try:
        subscription = subscription_request(newsletter=newsletter, email=email, user=request.user)
    except MembersOnly:
        form.add_error(
            None, f"{newsletter.name} is for members. Sign in with your membership to subscribe."
        )
        return _newsletter_list(request, bound=form, status=403)
    if subscription.is_confirmed and request.user.is_authenticated:
        # Only for the signed-in owner of a verified address: nothing is revealed.
        messages.success(request, _("You're subscribed to %(name)s.") % {"name": newsletter.name})
    else:
        messages.success(
            request,
            _(
                "Thanks for subscribing to %(name)s! We've sent a confirmation email to "
                "%(email)s: open the link in it to start receiving the newsletter."
            )
            % {"name": newsletter.name, "email": email_normalize(email)},
        )
    if not counting_refused(request):
        # Where readers sign up (the page the form was on), for the dashboard.
        event_record(
            kind=EventDay.Kind.NEWSLETTER_SIGNUP,
            detail=clean_path(form.cleaned_data["next"]) or reverse("members:newsletter-list"),
        )
    fallback = reverse("members:newsletter-list") + f"#newsletter-{newsletter.slug}"
    return redirect(_safe_next(request, form.cleaned_data["next"], fallback))


def _invalid_link(request: HttpRequest, error: InvalidToken, *, purpose: str) -> HttpResponse:
    return render(
        request,
        "members/newsletters/invalid_link.html",
        {"expired": str(error) == "expired", "purpose": purpose},
        status=400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms, so mail scanners that open
    every link cannot confirm a subscription on the reader's behalf."""
    try:
        subscription = confirm_token_read(token)
    except InvalidToken as error:
        return _invalid_link(request, error, purpose="confirm")
    if request.method == "POST":
        subscription_confirm(subscription_id=subscription.pk)
        return HttpResponseRedirect(request.path)
    return render(request, "members/newsletters/confirm.html", {"subscription": subscription})


@csrf_exempt  # Authenticated by the signed token in the URL; see below.
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The List-Unsubscribe address: GET shows a button, POST unsubscribes.

    RFC 8058 one-click: mail providers POST `List-Unsubscribe=One-Click` here
    from their own servers, with no cookie or CSRF token, so this one view is
    exempt from CSRF. That is safe because the signed token, not the session,
    says whose subscription it is, and unsubscribing is all it can do.
    """
    try:
        subscription = unsubscribe_token_read(token)
    except InvalidToken as error:
        return _invalid_link(request, error, purpose="unsubscribe")
    if request.method == "POST":
        subscription_unsubscribe(subscription_id=subscription.pk)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(
                f"Unsubscribed from {subscription.newsletter.name}.", content_type="text/plain"
            )
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "members/newsletters/unsubscribe.html",
        {
            "subscription": subscription,
            "signup_form": _signup_form(request, subscription.newsletter),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_preferences(request: HttpRequest) -> HttpResponse:
    """The reader's account page: each newsletter on or off."""
    newsletters = Newsletter.objects.active().select_related("author")
    if request.method == "POST":
        form = PreferencesForm(request.POST, newsletters=newsletters)
        if form.is_valid():
            subscriptions_set_for_user(
                user=request.user,
                wanted={newsletter.pk for newsletter in form.cleaned_data["newsletters"]},
            )
            messages.success(request, _("Your newsletter choices are saved."))
            return redirect("members:newsletter-preferences")
    else:
        form = PreferencesForm(newsletters=newsletters)
    current = subscriptions_for_user(request.user)
    is_member = access.reader_is_active_member(request.user)
    entries = [
        {
            "newsletter": newsletter,
            "status": current[newsletter.pk].status if newsletter.pk in current else None,
            "may_subscribe": not newsletter.members_only or is_member,
        }
        for newsletter in newsletters
    ]
    return render(
        request,
        "members/newsletters/preferences.html",
        {"entries": entries, "form": form, "Status": NewsletterSubscription.Status},
    )
