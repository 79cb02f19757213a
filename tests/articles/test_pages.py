"""What readers see: the article page, home, author, section, tag, News Feed, archives."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.models import Article
from tests.articles.factories import (
    ArticleFactory,
    AuthorFactory,
    BriefFactory,
    EditorsPickFactory,
    SectionFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")


def json_ld(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_article_page_shows_what_a_reader_expects(client, settings):
    settings.SITE_URL = "https://ledger.example"
    section = SectionFactory(name="Everyday life", slug="everyday-life")
    oksana = AuthorFactory(name="Oksana Hnatiuk", slug="oksana")
    taras = AuthorFactory(name="Taras Levchenko", slug="taras")
    related = ArticleFactory(
        headline="The library that came back", standfirst="Books arrived in parcels."
    )
    # 10:05 UTC is 12:05 in Kyiv in winter.
    published = datetime(2026, 1, 15, 10, 5, tzinfo=ZoneInfo("UTC"))
    article = ArticleFactory(
        headline="A school in the metro",
        slug="metro-school",
        section=section,
        authors=[oksana, taras],
        tags=["Kharkiv", "Education"],
        publish_at=published,
        body="<p>One.</p><p>Two.</p><blockquote><p>Quoted.</p></blockquote><p>Three.</p>"
        "<p>After the card.</p>",
    )
    article.related_articles.add(related)

    page = client.get("/articles/metro-school/").content.decode()

    assert "<h1" in page and "A school in the metro" in page
    assert '<a href="/authors/oksana/" rel="author">Oksana Hnatiuk</a> and ' in page
    assert '<a href="/authors/taras/" rel="author">Taras Levchenko</a>' in page
    assert '<time datetime="2026-01-15T12:05:00+02:00">15 January 2026, 12:05</time>' in page
    assert "1 min read" in page
    assert '<a class="tag" href="/tags/kharkiv/" rel="tag">Kharkiv</a>' in page
    # The related card sits inside the body, after the third top-level paragraph.
    body = page[page.index('class="article__body"') :]
    assert (
        body.index("Three.")
        < body.index("The library that came back")
        < body.index("After the card.")
    )
    assert "Books arrived in parcels." in body
    assert (
        'href="https://x.com/intent/post?url=https%3A%2F%2Fledger.example%2Farticles%2Fmetro-school%2F'
        in page
    )
    assert '<link rel="canonical" href="https://ledger.example/articles/metro-school/">' in page
    assert '<meta property="og:title" content="A school in the metro">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    data = json_ld(page)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "A school in the metro"
    assert [author["name"] for author in data["author"]] == ["Oksana Hnatiuk", "Taras Levchenko"]
    assert data["datePublished"].startswith("2026-01-15T10:05:00")
    assert "Edit post" not in page


def test_json_ld_cannot_be_broken_out_of(client):
    ArticleFactory(slug="tricky", headline="</script><script>alert(1)</script>")
    page = client.get("/articles/tricky/").content.decode()
    assert "</script><script>alert(1)" not in page
    assert json_ld(page)["headline"] == "</script><script>alert(1)</script>"


def test_lead_image_has_avif_and_webp_renditions_and_social_tags(client, settings):
    article = ArticleFactory(
        slug="pictured",
        lead_image=True,
        lead_image_alt="A train at dawn",
        lead_image_caption="The night train arrives.",
        lead_image_credit="Photo: Nadiia K.",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    avif = re.search(r'<source type="image/avif" srcset="([^"]+)"', page).group(1)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', page).group(1)
    assert [part.split()[-1] for part in avif.split(", ")] == ["480w", "960w", "1440w"]
    assert [part.split()[-1] for part in webp.split(", ")] == ["480w", "960w", "1440w"]
    assert 'alt="A train at dawn"' in page
    assert 'width="1600" height="900"' in page
    assert "The night train arrives." in page and "Photo: Nadiia K." in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    # The renditions exist and are in the formats they claim.
    for url, signature in ((avif.split()[0], b"ftypavif"), (webp.split()[0], b"WEBP")):
        with default_storage.open(url.removeprefix(settings.MEDIA_URL)) as rendition:
            assert signature in rendition.read(64)


def test_small_originals_are_not_offered_at_widths_they_do_not_have(client):
    from django.core.files.base import ContentFile

    from tests.articles.factories import jpeg_bytes

    article = ArticleFactory(slug="small")
    article.lead_image.save("small.jpg", ContentFile(jpeg_bytes(700, 400)), save=True)
    page = client.get(article.get_absolute_url()).content.decode()
    avif = re.search(r'<source type="image/avif" srcset="([^"]+)"', page).group(1)
    assert [part.split()[-1] for part in avif.split(", ")] == ["480w"]


def test_updated_time_is_shown_after_a_correction(client):
    article = ArticleFactory(
        slug="corrected",
        updated_at=timezone.now(),
        correction="An earlier version gave the wrong date.",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Updated" in page
    assert "An earlier version gave the wrong date." in page


def test_edit_post_link_only_for_staff_who_may_edit_it(client, desk_editor, reporter):
    article = ArticleFactory(slug="story")
    edit_link = f'href="/admin/articles/article/{article.pk}/change/">Edit post</a>'

    assert edit_link not in client.get("/articles/story/").content.decode()

    client.force_login(UserFactory(email="plain@example.com"))
    assert edit_link not in client.get("/articles/story/").content.decode()

    client.force_login(reporter)  # a reporter may not edit a published article
    assert edit_link not in client.get("/articles/story/").content.decode()

    client.force_login(desk_editor)
    assert edit_link in client.get("/articles/story/").content.decode()


def test_preview_shows_a_draft_to_its_reporter_and_editors_only(client, reporter, desk_editor):
    draft = ArticleFactory(
        headline="Unfinished draft",
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[reporter.author],
    )
    url = f"/preview/{draft.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(email="reader2@example.com"))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(email="other-reporter@example.com", is_staff=True))
    assert client.get(url).status_code == 404

    for user in (reporter, desk_editor):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Unfinished draft" in page
        assert "Readers cannot see this page yet." in page
        assert '<meta name="robots" content="noindex, nofollow">' in page
        assert "no-cache" in response.headers["Cache-Control"]
    assert client.get(f"/articles/{draft.slug}/").status_code == 404


def test_home_page_has_top_story_latest_more_news_picks_and_news_feed(client):
    for index in range(15):
        ArticleFactory(
            headline=f"Story {index}", publish_at=timezone.now() - timedelta(hours=index + 1)
        )
    ArticleFactory(
        headline="Flagged top story",
        top_story=True,
        publish_at=timezone.now() - timedelta(days=2),
    )
    EditorsPickFactory(
        article__headline="A hand-picked story",
        article__publish_at=timezone.now() - timedelta(minutes=30),
    )
    BriefFactory(headline="Alert lifted in Kyiv", text="It lasted two hours.")
    BriefFactory(
        headline="Not yet", published_at=timezone.now() + timedelta(hours=1)
    )  # a brief written ahead of time waits for its time

    response = client.get("/")
    page = response.content.decode()
    assert response.context["top_story"].headline == "Flagged top story"
    assert [article.headline for article in response.context["latest"]] == [
        "A hand-picked story",
        "Story 0",
        "Story 1",
        "Story 2",
    ]
    assert [article.headline for article in response.context["more_news"]] == [
        f"Story {index}" for index in range(3, 11)
    ]
    for heading in ("Latest", "More news", "Editors' Picks", "News Feed"):
        assert heading in page
    assert "A hand-picked story" in page
    assert "Alert lifted in Kyiv" in page and "It lasted two hours." in page
    assert "Not yet" not in page
    assert 'href="/news-feed/">More news</a>' in page


def test_header_navigation_lists_sections(client):
    SectionFactory(name="War", slug="war")
    SectionFactory(name="Hidden desk", slug="hidden-desk", in_navigation=False)
    page = client.get("/").content.decode()
    assert '<a class="nav-link text-nowrap" href="/sections/war/">War</a>' in page
    assert "Hidden desk" not in page


@pytest.mark.parametrize(
    ("make", "url"),
    [
        (lambda: {"authors": [AuthorFactory(slug="taras", name="Taras")]}, "/authors/taras/"),
        (lambda: {"section": SectionFactory(slug="war", name="War")}, "/sections/war/"),
        (lambda: {"tags": ["Trains"]}, "/tags/trains/"),
        (lambda: {}, "/latest/"),
    ],
)
def test_lists_are_paginated(client, make, url):
    kwargs = make()
    for index in range(25):
        ArticleFactory(
            headline=f"Listed {index:02}",
            publish_at=timezone.now() - timedelta(minutes=index + 1),
            **kwargs,
        )
    first = client.get(url).content.decode()
    assert "Listed 00" in first and "Listed 19" in first and "Listed 20" not in first
    assert 'rel="next"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Listed 20" in second and "Listed 24" in second and "Listed 00" not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert client.get(url, {"page": 9}).status_code == 404
    # Far past any database's row numbers: still "no such page", not an overflow.
    assert client.get(url, {"page": 10**18}).status_code == 404


def test_author_page_shows_the_bio(client):
    AuthorFactory(slug="halyna", name="Halyna Moroz", role="Columnist", bio="Writes weekly.")
    page = client.get("/authors/halyna/").content.decode()
    assert "Halyna Moroz" in page and "Columnist" in page and "Writes weekly." in page
    assert client.get("/authors/nobody/").status_code == 404


def test_news_feed_page_lists_briefs_newest_first_with_their_times(client):
    BriefFactory(headline="Earlier", published_at=datetime(2026, 3, 2, 11, 40, tzinfo=KYIV))
    BriefFactory(headline="Later", published_at=datetime(2026, 3, 2, 13, 40, tzinfo=KYIV))
    page = client.get("/news-feed/").content.decode()
    assert page.index("Later") < page.index("Earlier")
    assert ">1:40 PM</time>" in page and ">11:40 AM</time>" in page


def test_brief_links_to_its_article_only_once_published(client):
    article = ArticleFactory(slug="linked", status=Article.Status.DRAFT, publish_at=None)
    BriefFactory(headline="Brief with a link", article=article)
    page = client.get("/news-feed/").content.decode()
    assert 'href="/articles/linked/"' not in page
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, publish_at=timezone.now()
    )
    assert 'href="/articles/linked/"' in client.get("/news-feed/").content.decode()


def test_date_archives(client):
    ArticleFactory(headline="March story", publish_at=datetime(2026, 3, 14, 9, 0, tzinfo=KYIV))
    ArticleFactory(headline="April story", publish_at=datetime(2026, 4, 2, 9, 0, tzinfo=KYIV))
    year = client.get("/archive/2026/").content.decode()
    assert "March story" in year and "April story" in year
    month = client.get("/archive/2026/3/").content.decode()
    assert "March story" in month and "April story" not in month
    day = client.get("/archive/2026/4/2/").content.decode()
    assert "April story" in day and "March story" not in day
    assert client.get("/archive/2019/").status_code == 404


def test_the_related_card_goes_after_the_third_top_level_paragraph():
    from articles.views import split_body

    body = (
        "<ul><li><p>a</p></li><li><p>b</p></li><li><p>c</p></li></ul>"
        "<p>One</p><blockquote><p>Quote</p></blockquote><p>Two</p><p>Three</p><p>Four</p>"
    )
    before, after = split_body(body)
    assert before.endswith("<p>Three</p>")
    assert after == "<p>Four</p>"
    assert split_body("<p>Only one</p>") == ("<p>Only one</p>", "")


def test_tags_with_commas_and_quotes_survive_on_the_article_page(client, db):
    article = ArticleFactory(tags=['Kyiv, "Left Bank"', "Energy"])
    page = client.get(article.get_absolute_url()).content.decode()
    names = re.findall(r'rel="tag">([^<]+)</a>', page)
    assert names == ["Energy", "Kyiv, &quot;Left Bank&quot;"]
