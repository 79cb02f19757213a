from django import template

from members.campaigns.banner import CAMPAIGN_SECONDS, banner_for, featured_summary, figures_cached

register = template.Library()


@register.inclusion_tag("members/campaigns/banner.html", takes_context=True)
def campaign_banner(context) -> dict:
    """The featured campaign's banner (or nothing); see members/campaigns/banner.py."""
    request = context.get("request")
    return {
        "banner": banner_for(request) if request is not None else None,
        "request": request,
    }


@register.inclusion_tag("members/campaigns/supporter_naming_form.html", takes_context=True)
def supporter_naming_form(context) -> dict:
    """The account page's "name me on the campaign page" form, filled in from the account."""
    from members.campaigns.forms import SupporterNamingForm

    user = context["request"].user
    return {
        "naming_form": SupporterNamingForm(initial=SupporterNamingForm.initial_for(user)),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("members/campaigns/appeal.html")
def campaign_appeal() -> dict:
    """The longer appeal (e.g. under an article): the featured campaign and our figures.

    Both come from the cache: no query when warm.
    """
    campaign = featured_summary()
    return {"campaign": campaign, "figures": figures_cached() if campaign else None}


@register.simple_tag
def campaign_lag_seconds() -> int:
    """How long a rendered member count may be kept: as long as the banner's may lag."""
    return CAMPAIGN_SECONDS
