"""The podcast feed: valid RSS with iTunes tags; one item per narrated article, whose
enclosure points at the real file with its real size and type."""

from xml.etree import ElementTree

import miniaudio
import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image

from articles.audio.models import ArticleAudio
from articles.audio.services import article_audio_request
from articles.models import Article
from tests.articles.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

FEED_URL = "/feeds/audio/"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


def narrate(article: Article, capture) -> None:
    with capture(execute=True):
        article_audio_request(article_id=article.pk)


def test_the_podcast_feed_lists_narrated_articles_with_real_enclosures(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://ledger.example"
    narrated = ArticleFactory(
        headline="Night trains keep running", authors=[AuthorFactory(name="Oksana Hnatiuk")]
    )
    narrate(narrated, django_capture_on_commit_callbacks)
    ArticleFactory(headline="Not narrated yet")
    switched_off = ArticleFactory(headline="Switched off")
    narrate(switched_off, django_capture_on_commit_callbacks)
    ArticleAudio.objects.filter(article=switched_off).update(enabled=False)
    draft = ArticleFactory(headline="A draft", status=Article.Status.DRAFT)
    ArticleAudio.objects.create(article=draft, status="ready", file="audio/x.mp3")

    response = client.get(FEED_URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == f"{settings.SITE_NAME}: articles read aloud"
    assert "created with AI assistance" in channel.findtext("description")
    assert channel.findtext(f"{ITUNES}author") == settings.SITE_NAME
    assert channel.find(f"{ITUNES}category").get("text") == "News"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Night trains keep running"]

    item = items[0]
    audio = ArticleAudio.objects.get(article=narrated)
    enclosure = item.find("enclosure")
    url = enclosure.get("url")
    assert url == f"https://ledger.example{settings.MEDIA_URL}{audio.file.name}"
    name = url.removeprefix(f"https://ledger.example{settings.MEDIA_URL}")
    data = default_storage.open(name).read()
    assert int(enclosure.get("length")) == len(data) == default_storage.size(name)
    assert enclosure.get("type") == "audio/mpeg"
    decoded = miniaudio.mp3_read_s16(data)
    assert decoded.num_frames / decoded.sample_rate == pytest.approx(
        audio.duration_seconds, abs=0.2
    )
    assert item.findtext(f"{ITUNES}duration") == audio.duration_clock
    assert item.findtext(f"{ITUNES}author") == "Oksana Hnatiuk"
    assert item.findtext("link") == f"https://ledger.example{narrated.get_absolute_url()}"
    assert item.findtext("guid") == f"https://ledger.example{narrated.get_absolute_url()}#audio"


def test_the_feed_queries_do_not_grow_with_the_number_of_episodes(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    for _ in range(3):
        narrate(ArticleFactory(), django_capture_on_commit_callbacks)
    # Queries: the articles joined with section and audio; their bylines (one prefetch).
    with django_assert_num_queries(2):
        response = client.get(FEED_URL)
    assert len(ElementTree.fromstring(response.content).findall("channel/item")) == 3


def test_the_podcast_carries_what_directories_require(client, settings):
    settings.SITE_URL = "https://ledger.example"
    settings.PODCAST_OWNER_EMAIL = "The Ledger <podcast@ledger.example>"

    with translation.override("uk"):
        channel = ElementTree.fromstring(client.get(FEED_URL).content).find("channel")

    # Square artwork of at least 1400 px, served by the site.
    artwork = channel.find(f"{ITUNES}image").get("href")
    assert artwork.startswith("https://ledger.example/static/img/podcast-artwork")
    assert channel.find("image").findtext("url") == artwork
    path = finders.find("img/podcast-artwork.png")
    with Image.open(path) as picture:
        assert picture.format == "PNG"
        assert picture.width == picture.height >= 1400
    owner = channel.find(f"{ITUNES}owner")
    assert owner.findtext(f"{ITUNES}name") == settings.SITE_NAME
    assert owner.findtext(f"{ITUNES}email") == "podcast@ledger.example"
    # The edition's language: the articles are written and read aloud in it.
    assert channel.findtext("language") == settings.LANGUAGE_CODE == "en"  # the edition's
