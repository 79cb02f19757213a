from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from newsroom.http_cache.crosssite import same_origin_post
from newsroom.http_cache.policy import public_page

from . import banner, services
from .forms import SupporterNamingForm
from .models import Campaign
from .progress import campaign_progress, supporter_figures


def campaign_featured(request: HttpRequest) -> HttpResponse:
    """/campaign/: the featured campaign's progress page (404 when none is featured).

    Rendered here rather than redirected, so the short address shared and linked
    everywhere costs readers no extra round trip; its canonical URL is the slug's.
    """
    campaign = get_object_or_404(Campaign.objects.featured().select_related("counter"))
    return _progress_page(request, campaign)


@public_page(tags=("site", "campaign"))
def campaign_progress_page(request: HttpRequest, slug: str) -> HttpResponse:
    """How close a campaign is to its goal: count, pace, daily chart, supporters."""
    campaign = get_object_or_404(Campaign.objects.select_related("counter"), slug=slug)
    return _progress_page(request, campaign)


def _progress_page(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    slug = campaign.slug
    progress = campaign_progress(campaign)
    figures = supporter_figures()
    share_url = request.build_absolute_uri(
        reverse("members:campaign-progress", kwargs={"slug": slug})
    )
    return render(
        request,
        "members/campaigns/progress.html",
        {
            "campaign": campaign,
            "progress": progress,
            "figures": figures,
            "supporters": services.recent_supporters(campaign=campaign),
            "share_url": share_url,
            "share_text": f"{campaign.name}: {progress.count:,} of {progress.goal:,} new members",
        },
    )


@same_origin_post  # the banner is on cached pages: no per-reader token
@require_POST
def campaign_banner_dismiss(request: HttpRequest) -> HttpResponse:
    """Hide the featured campaign's banner for the rest of this browser session."""
    try:
        campaign_id = int(request.POST.get("campaign", ""))
    except ValueError:
        campaign_id = None
    if campaign_id is not None:
        request.session[banner.SESSION_DISMISSED] = campaign_id
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if request.headers.get("Accept", "").startswith("application/json"):
        return HttpResponse(status=204)
    # Not redirect(), which would try a bare word such as "home" as a view name
    # (and fail with a server error): next_url is an address and nothing else.
    return HttpResponseRedirect(next_url)


@login_required
@require_POST
def supporter_naming_update(request: HttpRequest) -> HttpResponse:
    """The account page's opt-in/out of being named as a supporter."""
    form = SupporterNamingForm(request.POST)
    if form.is_valid():
        services.public_supporter_save(
            user=request.user,
            named=form.cleaned_data["named"],
            first_name=form.cleaned_data["public_first_name"],
            city=form.cleaned_data["public_city"],
        )
        if form.cleaned_data["named"]:
            messages.success(request, _("Thank you: we may name you on the campaign page."))
        else:
            messages.success(request, _("Done: we won't name you on the campaign page."))
        return redirect("members:membership-account")
    return render(
        request, "members/campaigns/supporter_naming.html", {"naming_form": form}, status=400
    )
