from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from newsroom.http_cache.policy import public_page

from . import feeds, views
from .audio.feeds import ArticleAudioFeed
from .sitemaps import SITEMAPS, news_sitemap, sitemap_index

app_name = "articles"


class UnicodeSlugConverter:
    """Slugs in any alphabet: taggit makes `київ` of the tag "Київ"."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "unicode_slug")


def _public(view, tags=("articles",)):
    return public_page(tags=tags)(view)


urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("latest/", views.latest, name="latest"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("sections/<slug:slug>/", views.section_detail, name="section"),
    path("tags/<unicode_slug:slug>/", views.tag_detail, name="tag"),
    path("news-feed/", views.news_feed, name="news-feed"),
    path("news-feed/<int:pk>/", views.brief_detail, name="brief"),
    path("search/", views.search, name="search"),
    path(
        "archive/<int:year>/",
        _public(views.YearArchive.as_view(), views.LIST_TAGS),
        name="archive-year",
    ),
    path(
        "archive/<int:year>/<int:month>/",
        _public(views.MonthArchive.as_view(), views.LIST_TAGS),
        name="archive-month",
    ),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        _public(views.DayArchive.as_view(), views.LIST_TAGS),
        name="archive-day",
    ),
    path("feeds/rss/", _public(feeds.LatestArticlesFeed()), name="feed-rss"),
    path("feeds/atom/", _public(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("feeds/audio/", _public(ArticleAudioFeed()), name="feed-audio"),
    path("sections/<slug:slug>/rss/", _public(feeds.SectionFeed()), name="section-feed-rss"),
    path("sections/<slug:slug>/atom/", _public(feeds.SectionAtomFeed()), name="section-feed-atom"),
    path("authors/<slug:slug>/rss/", _public(feeds.AuthorFeed()), name="author-feed-rss"),
    path("authors/<slug:slug>/atom/", _public(feeds.AuthorAtomFeed()), name="author-feed-atom"),
    path("sitemap.xml", _public(sitemap_index), name="sitemap"),
    # Before sitemap-<section>.xml, which would otherwise take "news" for a section.
    path("sitemap-news.xml", _public(news_sitemap), name="sitemap-news"),
    path(
        "sitemap-<section>.xml",
        _public(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
