"""RSS 2.0 and Atom feeds (Django's syndication framework): the whole site, a section,
an author, once per edition (`/feeds/rss/`, `/uk/feeds/rss/`). Only published articles
of the edition's language, newest first.

Links are absolute from SITE_URL (the framework leaves absolute links alone), so a
feed fetched through a proxy or an internal host name still points at the public site.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from .models import Article, Author, Section
from .structured_data import absolute
from .tags import tags_as_json, tags_from_json

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    def description(self, obj=None) -> str:
        return gettext("The latest reporting.")

    def title(self, obj=None) -> str:
        return settings.SITE_NAME

    def link(self, obj=None) -> str:
        return absolute(reverse("articles:home"))

    def feed_url(self, obj=None) -> str:
        return absolute(reverse("articles:feed-rss"))

    def get_queryset(self, obj=None) -> QuerySet[Article]:
        # Tags (named in the feed's language) in the articles' own query.
        return Article.objects.for_listing().in_edition().annotate(tags_json=tags_as_json(Article))

    def items(self, obj=None) -> QuerySet[Article]:
        return self.get_queryset(obj)[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.standfirst

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def item_author_name(self, item: Article) -> str:
        return ", ".join(author.name for author in item.ordered_authors)

    def item_pubdate(self, item: Article):
        return item.publish_at

    def item_updateddate(self, item: Article):
        return item.updated_at or item.publish_at

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name, *(tag.name for tag in tags_from_json(item.tags_json))]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None) -> str:
        return self.description(obj)

    def feed_url(self, obj=None) -> str:
        return absolute(reverse("articles:feed-atom"))


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str) -> Section:
        return get_object_or_404(Section, slug=slug)

    def title(self, obj: Section) -> str:
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj: Section) -> str:
        return obj.description or gettext("The latest from %(section)s.") % {"section": obj.name}

    def link(self, obj: Section) -> str:
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj: Section) -> str:
        return absolute(reverse("articles:section-feed-rss", kwargs={"slug": obj.slug}))

    def get_queryset(self, obj: Section) -> QuerySet[Article]:
        return super().get_queryset().filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Section) -> str:
        return self.description(obj)

    def feed_url(self, obj: Section) -> str:
        return absolute(reverse("articles:section-feed-atom", kwargs={"slug": obj.slug}))


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug: str) -> Author:
        return get_object_or_404(Author, slug=slug)

    def title(self, obj: Author) -> str:
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj: Author) -> str:
        return gettext("Articles by %(name)s.") % {"name": obj.name}

    def link(self, obj: Author) -> str:
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj: Author) -> str:
        return absolute(reverse("articles:author-feed-rss", kwargs={"slug": obj.slug}))

    def get_queryset(self, obj: Author) -> QuerySet[Article]:
        return super().get_queryset().filter(authors=obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Author) -> str:
        return self.description(obj)

    def feed_url(self, obj: Author) -> str:
        return absolute(reverse("articles:author-feed-atom", kwargs={"slug": obj.slug}))
