"""sitemap.xml (django.contrib.sitemaps) and the Google News sitemap.

Addresses are built from SITE_URL, not from the request's Host header, so a
sitemap fetched through a proxy or an internal name still lists public URLs.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from .models import Article, Author, Section

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google's limit per news sitemap


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .only("slug", "publish_at", "updated_at")
            .order_by("-publish_at", "-pk")
        )

    def lastmod(self, article: Article):
        return article.updated_at or article.publish_at


class SectionSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.all()


class AuthorSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Author.objects.filter(articles__in=Article.objects.published()).distinct()


class PagesSitemap(SiteSitemap):
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


@require_safe
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News sitemap: articles published in the last 48 hours."""
    since = timezone.now() - NEWS_WINDOW
    articles = (
        Article.objects.published()
        .filter(publish_at__gte=since)
        .only("slug", "headline", "publish_at")
        .order_by("-publish_at", "-pk")[:NEWS_LIMIT]
    )
    return render(
        request,
        "articles/sitemap_news.xml",
        {"articles": articles, "language": settings.LANGUAGE_CODE.split("-")[0]},
        content_type="application/xml",
    )
