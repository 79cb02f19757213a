"""sitemap.xml (django.contrib.sitemaps) and the Google News sitemap.

Addresses are built from SITE_URL, not from the request's Host header, so a
sitemap fetched through a proxy or an internal name still lists public URLs.
`sitemap.xml` is an index of the sitemaps (`sitemap-<section>.xml`, 5,000 articles
a page), so a search engine finds every article of a large archive. Both list every
edition. Pages that exist in each edition (home, sections, authors) are listed once
per language with `hreflang` alternates; an article is in its own language only,
with its published translations as alternates.
"""

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from .models import Article, Author, Section

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google's limit per news sitemap


class SiteSitemap(Sitemap):
    @property
    def protocol(self) -> str:
        # Read by Django's sitemap index for the addresses of each sitemap.
        return self.get_protocol()

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class EditionsSitemap(SiteSitemap):
    """The same page in every edition, each listing the others as alternates."""

    i18n = True
    alternates = True
    x_default = True


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .with_translations()
            .only("slug", "language", "publish_at", "updated_at")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, article: Article):
        return article.updated_at or article.publish_at

    def get_latest_lastmod(self):
        # Django's default reads `lastmod` of every article (100,000 rows for the
        # index alone); the index then simply gives no date for this sitemap.
        return None

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            editions = url["item"].edition_urls()
            if len(editions) > 1:
                url["alternates"] = [
                    {"lang_code": code, "location": f"{base}{path}"}
                    for code, path in editions.items()
                ]
                if settings.LANGUAGE_CODE in editions:
                    url["alternates"].append(
                        {
                            "lang_code": "x-default",
                            "location": f"{base}{editions[settings.LANGUAGE_CODE]}",
                        }
                    )
        return urls


class SectionSitemap(EditionsSitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.all()


class AuthorSitemap(EditionsSitemap):
    changefreq = "weekly"

    def items(self):
        # EXISTS stops at each author's first live article; a join with DISTINCT
        # reads every article of the archive.
        live = Article.objects.published().filter(article_authors__author=OuterRef("pk"))
        return Author.objects.filter(Exists(live))


class PagesSitemap(EditionsSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self) -> list[str]:
        return ["articles:home", "articles:news-feed"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {
    "pages": PagesSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "authors": AuthorSitemap,
}


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """sitemap.xml: the index of the sitemaps, one address per page of each.

    Django's index builds the addresses from the request's host; like every address
    in the sitemaps, they are given on SITE_URL instead.
    """
    response = sitemap_views.index(request, SITEMAPS, sitemap_url_name="articles:sitemap-section")
    response.context_data["sitemaps"] = [
        replace(item, location=f"{settings.SITE_URL}{_path_and_query(item.location)}")
        for item in response.context_data["sitemaps"]
    ]
    return response


@require_safe
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News sitemap: articles published in the last 48 hours, every edition,
    each with its own language."""
    since = timezone.now() - NEWS_WINDOW
    articles = (
        Article.objects.published()
        .filter(publish_at__gte=since)
        .only("slug", "language", "headline", "publish_at")
        .order_by("-publish_at", "-pk")[:NEWS_LIMIT]
    )
    return render(
        request,
        "articles/sitemap_news.xml",
        {"articles": articles},
        content_type="application/xml",
    )
