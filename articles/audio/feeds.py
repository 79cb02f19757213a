"""The podcast: an RSS 2.0 feed of narrated articles, with iTunes tags podcast apps read.

Built on Django's syndication framework. Each item's enclosure carries the audio file's
absolute address, its real size in bytes (stored when the file was written) and its type.
"""

from email.utils import parseaddr

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, QuerySet
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import get_language, gettext

from articles.models import Article
from articles.structured_data import absolute

from .models import ArticleAudio

FEED_SIZE = 50
ITUNES_NAMESPACE = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def playable_articles() -> QuerySet[Article]:
    """Published articles of this edition whose audio readers can hear (the player's
    rule, in SQL, `ArticleAudio.is_playable`, the site-wide switch included), in a
    language narration has a voice for."""
    if not settings.ARTICLE_AUDIO:
        return Article.objects.none()
    return (
        Article.objects.for_listing()
        .in_edition()
        .select_related("audio")
        .filter(language__in=settings.NARRATION_LANGUAGES)
        .filter(audio__enabled=True, audio__text_hash=F("audio__requested_hash"))
        .exclude(audio__file="")
    )


def file_url(audio: ArticleAudio) -> str:
    url = audio.file.url
    return url if url.startswith(("http://", "https://")) else absolute(url)


class PodcastRssFeed(Rss201rev2Feed):
    """RSS 2.0 plus the iTunes namespace: channel author, owner, artwork, category,
    explicit flag (what podcast directories require); per item the duration and author."""

    def rss_attributes(self) -> dict:
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES_NAMESPACE}

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        handler.addQuickElement("itunes:author", self.feed["itunes_author"])
        handler.addQuickElement("itunes:image", attrs={"href": self.feed["itunes_image"]})
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", self.feed["itunes_author"])
        handler.addQuickElement("itunes:email", self.feed["itunes_owner_email"])
        handler.endElement("itunes:owner")
        # RSS's own <image> for readers that ignore the iTunes namespace.
        handler.startElement("image", {})
        handler.addQuickElement("url", self.feed["itunes_image"])
        handler.addQuickElement("title", self.feed["title"])
        handler.addQuickElement("link", self.feed["link"])
        handler.endElement("image")
        handler.addQuickElement("itunes:summary", self.feed["description"])
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:category", attrs={"text": "News"})

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", item["itunes_duration"])
        if item.get("author_name"):
            handler.addQuickElement("itunes:author", item["author_name"])
        handler.addQuickElement("itunes:explicit", "false")


def artwork_url() -> str:
    """Square artwork (1400-3000 px, PNG or JPEG, as Apple Podcasts requires)."""
    url = settings.PODCAST_ARTWORK
    if url.startswith(("http://", "https://")):
        return url
    return absolute(static(url))


class ArticleAudioFeed(Feed):
    feed_type = PodcastRssFeed

    @property
    def language(self) -> str:
        # The edition's language, which its articles are written and read aloud in
        # (the address says which edition: /feeds/audio/ or /uk/feeds/audio/).
        return get_language()

    def title(self) -> str:
        return gettext("%(site_name)s: articles read aloud") % {"site_name": settings.SITE_NAME}

    def description(self) -> str:
        return " ".join(
            [
                gettext("The reporting of %(site_name)s, read aloud.")
                % {"site_name": settings.SITE_NAME},
                gettext("This audio is created with AI assistance."),
            ]
        )

    def link(self) -> str:
        return absolute(reverse("articles:home"))

    def feed_url(self) -> str:
        return absolute(reverse("articles:feed-audio"))

    def feed_extra_kwargs(self, obj) -> dict:
        return {
            "itunes_author": settings.SITE_NAME,
            "itunes_owner_email": parseaddr(settings.PODCAST_OWNER_EMAIL)[1],
            "itunes_image": artwork_url(),
        }

    def items(self) -> QuerySet[Article]:
        return playable_articles()[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.standfirst

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item: Article) -> str:
        # One episode per article, kept when a correction replaces its audio file.
        return absolute(item.get_absolute_url()) + "#audio"

    def item_author_name(self, item: Article) -> str:
        return ", ".join(author.name for author in item.ordered_authors)

    def item_pubdate(self, item: Article):
        return item.publish_at

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        audio = item.audio
        return [Enclosure(file_url(audio), str(audio.file_size), audio.mime_type)]

    def item_extra_kwargs(self, item: Article) -> dict:
        return {"itunes_duration": item.audio.duration_clock}
