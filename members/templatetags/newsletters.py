"""`{% newsletter_signup_compact %}`: the compact signup form for any page.

A template tag (rather than view context) because the form sits in shared
includes on pages other apps render.
"""

import re
from html import unescape

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from members.newsletters.forms import SignupForm
from members.newsletters.models import Newsletter, NewsletterIssue
from members.newsletters.utm import html_links_tagged, url_tagged

register = template.Library()


@register.inclusion_tag("members/newsletters/signup_compact.html", takes_context=True)
def newsletter_signup_compact(context) -> dict:
    request = context.get("request")
    # One query: the featured newsletter comes first if there is one.
    offered = list(
        Newsletter.objects.active()
        .in_edition()
        .filter(members_only=False)
        .order_by("-is_featured", "position", "name")[:4]
    )
    newsletters = offered[:1] if offered and offered[0].is_featured else offered
    if not newsletters:
        return {"form": None}
    user = getattr(request, "user", None)
    form = SignupForm(
        newsletters=newsletters,
        auto_id="signup-compact-%s",
        initial={
            "email": user.email if user and user.is_authenticated else "",
            "next": request.get_full_path() if request else "",
        },
    )
    return {
        "form": form,
        "newsletter": newsletters[0] if len(newsletters) == 1 else None,
        "request": request,
    }


@register.filter
def rich_text(html: str) -> str:
    """An issue body, sanitised again at render (it may not have come through the
    admin form, e.g. from a script), marked safe."""
    sanitize = NewsletterIssue._meta.get_field("body").sanitize
    return mark_safe(sanitize(html or ""))  # noqa: S308 - nh3 output, the editor's allowlist


BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|ul|ol)>|<br\s*/?>|<hr\s*/?>", re.IGNORECASE)


@register.filter
def email_text(html: str) -> str:
    """The plain-text part of an email from its HTML: one line per block."""
    text = strip_tags(BLOCK_END.sub("\n", html or ""))
    lines = [" ".join(line.split()) for line in unescape(text).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@register.filter
def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path and path.startswith("/") else path


@register.filter
def utm_tagged(url: str, tags: dict[str, str] | None) -> str:
    """A link to our site with the issue's campaign tags (see newsletters.utm)."""
    return url_tagged(url, tags)


@register.filter
def links_utm_tagged(html: str, tags: dict[str, str] | None) -> str:
    """The links of safe HTML (from `rich_text`) with the issue's campaign tags."""
    return mark_safe(html_links_tagged(html, tags))  # noqa: S308 - links of sanitised HTML
