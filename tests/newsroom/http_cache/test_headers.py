"""What shared caches are told, page by page, for anonymous and signed-in readers."""

import re

import pytest

from tests.members.campaigns.factories import CampaignFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/articles/bridge/",
    "/sections/news/",
    "/tags/kyiv/",
    "/latest/",
    "/news-feed/",
    "/search/?q=bridge",
    "/archive/{year}/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/sections/news/rss/",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/newsletters/",
    "/campaigns/drive/",
]


@pytest.fixture
def public_pages(newsroom):
    CampaignFactory(slug="drive", featured=True)
    author = newsroom["lead"].ordered_authors[0]
    year = newsroom["lead"].publish_at.year
    return [page.format(year=year) for page in PUBLIC_PAGES] + [f"/authors/{author.slug}/"]


def test_every_reader_page_is_public_for_a_reader_without_a_session(client, public_pages):
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, f"{url} sets {list(response.cookies)}"
        assert "cookie" not in response.get("Vary", "").lower(), url
        control = response["Cache-Control"]
        assert control.startswith("public"), f"{url}: {control}"
        assert re.search(r"s-maxage=\d+", control), url
        assert "stale-while-revalidate=" in control and "stale-if-error=" in control, url
        assert response.has_header("ETag") and response.has_header("Last-Modified"), url


def test_a_repeat_request_with_the_etag_gets_304(client, newsroom):
    first = client.get("/articles/bridge/")
    again = client.get("/articles/bridge/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_pages_name_their_surrogate_keys(client, newsroom):
    lead = newsroom["lead"]
    keys = client.get("/articles/bridge/")["Surrogate-Key"].split()
    author = lead.ordered_authors[0]
    assert {f"article-{lead.pk}", f"author-{author.pk}", "site", "picks", "briefs"} <= set(keys)
    assert "articles" in client.get("/")["Surrogate-Key"].split()
    assert client.get("/")["Cache-Tag"] == ",".join(client.get("/")["Surrogate-Key"].split())


def test_a_featured_campaign_keeps_shared_copies_at_most_ten_seconds(client, newsroom, settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert "s-maxage=300" in client.get("/")["Cache-Control"]
    CampaignFactory(featured=True)
    from members.campaigns.banner import campaign_cache_clear

    campaign_cache_clear()
    assert "s-maxage=10" in client.get("/")["Cache-Control"]


def test_signed_in_readers_get_private_pages(client, reader, public_pages):
    client.force_login(reader)
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        control = response["Cache-Control"]
        assert "private" in control and "no-store" in control, f"{url}: {control}"
        assert "public" not in control, url
        assert not response.has_header("Surrogate-Key"), url


@pytest.mark.parametrize(
    "url", ["/account/membership/", "/account/newsletters/", "/membership/", "/gift/"]
)
def test_personal_and_form_pages_are_never_shared(client, reader, url):
    anonymous = client.get(url)
    assert "public" not in anonymous.get("Cache-Control", "")
    client.force_login(reader)
    signed_in = client.get(url)
    assert signed_in.status_code == 200
    assert "no-store" in signed_in["Cache-Control"]


def test_the_preview_is_never_cached(client, editor, newsroom):
    client.force_login(editor)
    response = client.get(f"/preview/{newsroom['lead'].pk}/")
    assert "no-store" in response["Cache-Control"]
