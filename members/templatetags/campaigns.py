from django import template
from django.urls import NoReverseMatch, reverse

from members.campaigns.banner import banner_for

register = template.Library()

# The gift purchase page belongs to the gifts feature; until it exists the banner
# leaves the gift button out instead of breaking every page.
GIFT_URL_NAME = "members:gift-buy"


def _url_or_blank(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@register.inclusion_tag("members/campaigns/banner.html", takes_context=True)
def campaign_banner(context) -> dict:
    """The featured campaign's banner (or nothing); see members/campaigns/banner.py."""
    request = context.get("request")
    return {
        "banner": banner_for(request) if request is not None else None,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "gift_url": _url_or_blank(GIFT_URL_NAME),
    }


@register.simple_tag
def gift_url() -> str:
    return _url_or_blank(GIFT_URL_NAME)


@register.inclusion_tag("members/campaigns/supporter_naming_form.html", takes_context=True)
def supporter_naming_form(context) -> dict:
    """The account page's "name me on the campaign page" form, filled in from the account."""
    from members.campaigns.forms import SupporterNamingForm

    user = context["request"].user
    return {
        "naming_form": SupporterNamingForm(initial=SupporterNamingForm.initial_for(user)),
        "csrf_token": context.get("csrf_token"),
    }
