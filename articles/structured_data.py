"""Machine-readable descriptions: JSON-LD NewsArticle for an article, LiveBlogPosting for
the News Feed, and share links."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .models import Article, Brief

# As django.utils.html.json_script: nothing in the data can close the <script>.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def article_image_url(article: Article) -> str:
    return absolute(article.lead_social.url) if article.lead_image else ""


def article_json_ld(article: Article, *, request: HttpRequest | None = None) -> SafeString:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "headline": article.headline[:110],
        "inLanguage": article.language,
        "description": article.standfirst,
        "datePublished": article.publish_at,
        "dateModified": article.updated_at or article.publish_at,
        "articleSection": article.section.name,
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
            for author in article.ordered_authors
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL,
        },
    }
    if article.lead_image:
        data["image"] = [article_image_url(article)]
    return json_ld_script(data)


def news_feed_json_ld(briefs: list[Brief]) -> SafeString:
    """The News Feed as a live blog: each brief an update with its own permalink."""
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": f"{settings.SITE_NAME}: News Feed",
        "url": absolute(reverse("articles:news-feed")),
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL,
        },
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": brief.headline[:110],
                "datePublished": brief.published_at,
                "url": absolute(brief.get_absolute_url()),
                "articleBody": brief.text,
            }
            for brief in briefs
        ],
    }
    if briefs:
        data["datePublished"] = min(brief.published_at for brief in briefs)
        data["dateModified"] = max(brief.published_at for brief in briefs)
        data["coverageStartTime"] = data["datePublished"]
    return json_ld_script(data)


def json_ld_script(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def share_links(article: Article) -> list[dict]:
    url = absolute(article.get_absolute_url())
    return [
        {
            "name": "Facebook",
            "url": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        },
        {
            "name": "X",
            "url": "https://x.com/intent/post?" + urlencode({"url": url, "text": article.headline}),
        },
        {
            "name": "Telegram",
            "url": "https://t.me/share/url?" + urlencode({"url": url, "text": article.headline}),
        },
        {
            "name": "WhatsApp",
            "url": "https://wa.me/?" + urlencode({"text": f"{article.headline} {url}"}),
        },
        {
            "name": gettext("Email"),
            "url": "mailto:?" + urlencode({"subject": article.headline, "body": url}),
        },
    ]
