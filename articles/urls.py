from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, views
from .audio.feeds import ArticleAudioFeed
from .sitemaps import SITEMAPS, news_sitemap

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("latest/", views.latest, name="latest"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("sections/<slug:slug>/", views.section_detail, name="section"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("news-feed/", views.news_feed, name="news-feed"),
    path("news-feed/<int:pk>/", views.brief_detail, name="brief"),
    path("search/", views.search, name="search"),
    path("archive/<int:year>/", views.YearArchive.as_view(), name="archive-year"),
    path("archive/<int:year>/<int:month>/", views.MonthArchive.as_view(), name="archive-month"),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        views.DayArchive.as_view(),
        name="archive-day",
    ),
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("feeds/audio/", ArticleAudioFeed(), name="feed-audio"),
    path("sections/<slug:slug>/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("authors/<slug:slug>/rss/", feeds.AuthorFeed(), name="author-feed-rss"),
    path("authors/<slug:slug>/atom/", feeds.AuthorAtomFeed(), name="author-feed-atom"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("sitemap-news.xml", news_sitemap, name="sitemap-news"),
]
