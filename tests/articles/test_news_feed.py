"""The News Feed: each brief has its own permalink, and the page describes itself to
search engines as a live blog (JSON-LD LiveBlogPosting) whose updates are the briefs."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.articles.factories import ArticleFactory, BriefFactory

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )


def updates_published(data: dict) -> list[str]:
    return [update["datePublished"] for update in data["liveBlogUpdate"]]


def test_each_brief_links_to_its_own_page(client, settings):
    settings.SITE_URL = "https://ledger.example"
    brief = BriefFactory(headline="Metro closes two stations", text="Until noon, for repairs.")

    feed = client.get("/news-feed/").content.decode()
    assert f'href="/news-feed/{brief.pk}/"' in feed
    home = client.get("/").content.decode()
    assert f'href="/news-feed/{brief.pk}/"' in home  # the News Feed beside the articles

    page = client.get(f"/news-feed/{brief.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        '<h1 id="brief-headline" class="brief__headline h2">Metro closes two stations</h1>' in html
    )
    assert "Until noon, for repairs." in html
    assert f'<link rel="canonical" href="https://ledger.example/news-feed/{brief.pk}/">' in html


def test_a_briefs_page_links_to_the_article_it_is_about(client):
    article = ArticleFactory(headline="Why the metro closed")
    brief = BriefFactory(article=article)

    html = client.get(brief.get_absolute_url()).content.decode()

    assert f'href="{article.get_absolute_url()}"' in html


def test_a_brief_whose_time_has_not_come_has_no_page_yet(client):
    later = BriefFactory(published_at=timezone.now() + timedelta(hours=1))

    assert client.get(later.get_absolute_url()).status_code == 404
    assert client.get("/news-feed/999999/").status_code == 404


def test_the_news_feed_is_a_live_blog_of_its_briefs(client, settings):
    settings.SITE_URL = "https://ledger.example"
    older = BriefFactory(
        headline="Sirens in the east", published_at=timezone.now() - timedelta(hours=2)
    )
    newer = BriefFactory(headline="All clear", text="The alert is over.")

    data = json_ld(client.get("/news-feed/").content.decode())

    assert data["@type"] == "LiveBlogPosting"
    assert data["url"] == "https://ledger.example/news-feed/"
    assert data["coverageStartTime"] == data["datePublished"] == updates_published(data)[-1]
    updates = data["liveBlogUpdate"]
    assert [update["headline"] for update in updates] == ["All clear", "Sirens in the east"]
    assert updates[0] == {
        "@type": "BlogPosting",
        "headline": "All clear",
        "datePublished": updates[0]["datePublished"],
        "url": f"https://ledger.example/news-feed/{newer.pk}/",
        "articleBody": "The alert is over.",
    }
    assert updates[1]["url"] == f"https://ledger.example/news-feed/{older.pk}/"
    assert data["dateModified"] == updates[0]["datePublished"]
