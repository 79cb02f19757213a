"""RSS and Atom feeds, sitemap.xml, the Google News sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.articles.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def newsroom(settings):
    settings.SITE_URL = "https://ledger.example"
    war = SectionFactory(name="War", slug="war")
    culture = SectionFactory(name="Culture", slug="culture")
    taras = AuthorFactory(name="Taras", slug="taras")
    sofiia = AuthorFactory(name="Sofiia", slug="sofiia")
    ArticleFactory(headline="Front line", slug="front-line", section=war, authors=[taras])
    ArticleFactory(
        headline="Old theatre piece",
        slug="old-theatre",
        section=culture,
        authors=[sofiia],
        publish_at=timezone.now() - timedelta(days=5),
    )
    ArticleFactory(
        headline="Draft piece",
        slug="draft",
        section=war,
        authors=[taras],
        status=Article.Status.DRAFT,
        publish_at=None,
    )
    ArticleFactory(
        headline="Scheduled piece",
        slug="scheduled",
        section=war,
        authors=[taras],
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(hours=2),
    )


def rss_titles(content: bytes) -> list[str]:
    root = ET.fromstring(content)
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(content: bytes) -> list[str]:
    root = ET.fromstring(content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_site_feeds_list_only_published_articles_newest_first(client, newsroom):
    rss = client.get("/feeds/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(rss.content) == ["Front line", "Old theatre piece"]
    atom = client.get("/feeds/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert atom_titles(atom.content) == ["Front line", "Old theatre piece"]
    item = ET.fromstring(rss.content).find("channel/item")
    assert item.findtext("link") == "https://ledger.example/articles/front-line/"
    assert "War" in [category.text for category in item.findall("category")]


def test_section_and_author_feeds(client, newsroom):
    assert rss_titles(client.get("/sections/war/rss/").content) == ["Front line"]
    assert atom_titles(client.get("/sections/culture/atom/").content) == ["Old theatre piece"]
    assert rss_titles(client.get("/authors/taras/rss/").content) == ["Front line"]
    assert atom_titles(client.get("/authors/sofiia/atom/").content) == ["Old theatre piece"]
    assert client.get("/sections/nope/rss/").status_code == 404


def sitemap_locations(client) -> list[str]:
    """Every address in the sitemaps that sitemap.xml (an index) lists."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sitemaps = [
        entry.findtext(f"{SITEMAP}loc")
        for entry in ET.fromstring(index.content).iter(f"{SITEMAP}sitemap")
    ]
    assert "https://ledger.example/sitemap-articles.xml" in sitemaps
    locations = []
    for sitemap in sitemaps:
        response = client.get(sitemap.removeprefix("https://ledger.example"))
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        locations += [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]
    return locations


def test_sitemap_lists_published_articles_sections_and_authors(client, newsroom):
    locations = sitemap_locations(client)
    assert "https://ledger.example/articles/front-line/" in locations
    assert "https://ledger.example/articles/old-theatre/" in locations
    assert "https://ledger.example/sections/war/" in locations
    assert "https://ledger.example/authors/taras/" in locations
    assert "https://ledger.example/" in locations
    assert not [
        location for location in locations if "draft" in location or "scheduled" in location
    ]


def test_news_sitemap_lists_the_last_48_hours_only(client, newsroom):
    response = client.get("/sitemap-news.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    urls = list(root.iter(f"{SITEMAP}url"))
    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [
        "https://ledger.example/articles/front-line/"
    ]
    news = urls[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}title") == "Front line"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"


def test_robots_txt_points_at_both_sitemaps(client, newsroom):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://ledger.example/sitemap.xml" in body
    assert "Sitemap: https://ledger.example/sitemap-news.xml" in body
    assert "Disallow: /preview/" in body


def test_sitemap_index_lists_every_page_of_a_large_archive(client, newsroom, monkeypatch):
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    index = client.get("/sitemap.xml").content.decode()
    assert "https://ledger.example/sitemap-articles.xml?p=2" in index
    second = ET.fromstring(client.get("/sitemap-articles.xml?p=2").content)
    assert [url.findtext(f"{SITEMAP}loc") for url in second.iter(f"{SITEMAP}url")] == [
        "https://ledger.example/articles/old-theatre/"
    ]
