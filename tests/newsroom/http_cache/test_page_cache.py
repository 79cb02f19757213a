"""Django's page cache: hits cost nothing, and a change drops exactly the pages it touches."""

import pytest
from django.utils import timezone

from articles.models import Article
from tests.articles.factories import ArticleFactory, BriefFactory, EditorsPickFactory
from tests.members.campaigns.factories import CampaignFactory
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/articles/bridge/",
    "/articles/theatre/",
    "/sections/news/",
    "/sections/culture/",
    "/news-feed/",
    "/latest/",
    "/feeds/rss/",
    "/newsletters/",
]


def _prime(client) -> None:
    for url in PAGES:
        assert client.get(url)["X-Page-Cache"] == "miss", url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def _rendered_again(client) -> set[str]:
    return {url for url in PAGES if client.get(url)["X-Page-Cache"] == "miss"}


def test_a_hit_runs_no_query(client, newsroom, page_cache_on, django_assert_num_queries):
    client.get("/articles/bridge/")
    with django_assert_num_queries(0):  # the page and its tags' versions come from the cache
        response = client.get("/articles/bridge/")
    assert response["X-Page-Cache"] == "hit"
    assert "Bridge reopens" in response.content.decode()


def test_a_correction_drops_the_article_and_the_lists_only(client, newsroom, page_cache_on):
    _prime(client)
    lead = newsroom["lead"]
    lead.headline = "Bridge reopens to traffic"
    lead.save()
    assert _rendered_again(client) == {
        "/",
        "/articles/bridge/",
        "/sections/news/",
        "/sections/culture/",
        "/latest/",
        "/feeds/rss/",
    }
    assert "Bridge reopens to traffic" in client.get("/").content.decode()


def test_publishing_shows_the_new_article_on_the_next_request(client, newsroom, page_cache_on):
    draft = ArticleFactory(
        headline="Flood warning",
        slug="flood",
        status=Article.Status.DRAFT,
        section=newsroom["lead"].section,
    )
    _prime(client)
    assert "Flood warning" not in client.get("/").content.decode()
    draft.status = Article.Status.PUBLISHED
    draft.publish_at = timezone.now()
    draft.save()
    assert "Flood warning" in client.get("/").content.decode()
    assert "Flood warning" in client.get("/sections/news/").content.decode()
    assert client.get("/articles/theatre/")["X-Page-Cache"] == "hit"


def test_unpublishing_removes_the_page(client, newsroom, page_cache_on):
    _prime(client)
    lead = newsroom["lead"]
    lead.status = Article.Status.UNPUBLISHED
    lead.save()
    assert client.get("/articles/bridge/").status_code == 404
    assert "Bridge reopens" not in client.get("/").content.decode()


def test_rescheduling_into_the_future_takes_the_article_down(client, newsroom, page_cache_on):
    _prime(client)
    lead = newsroom["lead"]
    lead.status = Article.Status.SCHEDULED
    lead.publish_at = timezone.now() + timezone.timedelta(days=1)
    lead.save()
    assert client.get("/articles/bridge/").status_code == 404


def test_a_new_brief_drops_the_pages_showing_the_news_feed(client, newsroom, page_cache_on):
    _prime(client)
    BriefFactory(headline="Air raid alert over")
    assert _rendered_again(client) == {
        "/",
        "/articles/bridge/",
        "/articles/theatre/",
        "/news-feed/",
    }
    assert "Air raid alert over" in client.get("/news-feed/").content.decode()


def test_changed_picks_drop_the_pages_showing_picks(client, newsroom, page_cache_on):
    _prime(client)
    EditorsPickFactory(article=newsroom["third"])
    assert _rendered_again(client) == {"/", "/articles/bridge/", "/articles/theatre/"}
    assert "Metro timetable" in client.get("/articles/theatre/").content.decode()


def test_a_campaign_edit_drops_every_page(client, newsroom, page_cache_on):
    campaign = CampaignFactory(featured=True, banner_text="Help us reach 1,000.")
    _prime(client)
    campaign.banner_text = "Only 10 to go!"
    campaign.save()
    assert _rendered_again(client) == set(PAGES) - {"/feeds/rss/"}  # feeds show no banner


def test_a_new_member_drops_cached_pages_showing_the_count(client, newsroom, page_cache_on):
    from tests.members.campaigns.factories import start_membership

    CampaignFactory(
        featured=True,
        starts_on=timezone.localdate() - timezone.timedelta(days=1),
        ends_on=timezone.localdate() + timezone.timedelta(days=9),
        goal=100,
    )
    assert "<strong>0</strong> of 100" in client.get("/").content.decode()
    start_membership()
    assert "<strong>1</strong> of 100" in client.get("/").content.decode()


def test_no_personal_byte_reaches_a_cached_page(client, reader, newsroom, page_cache_on):
    CampaignFactory(featured=True, thanks_text="Thank you for being a member!")
    MembershipFactory(user=reader)
    client.force_login(reader)
    personal = client.get("/articles/bridge/")
    assert "private" in personal["Cache-Control"]
    assert "Thank you for being a member!" in personal.content.decode()
    assert reader.email in client.get("/newsletters/").content.decode()
    for url in ("/articles/bridge/", "/newsletters/", "/"):
        client.get(url)

    client.logout()
    client.cookies.clear()
    for url in ("/articles/bridge/", "/newsletters/", "/"):
        client.get(url)  # stored now, if nothing before was
        shared = client.get(url)
        assert shared["X-Page-Cache"] == "hit", url
        page = shared.content.decode()
        for personal_text in (
            reader.email,
            "Thank you for being a member!",
            "Sign out",
            "csrfmiddlewaretoken",
        ):
            assert personal_text not in page, (url, personal_text)


def test_a_reader_who_hid_the_banner_gets_pages_without_it(client, newsroom, page_cache_on):
    campaign = CampaignFactory(featured=True)
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    client.post("/campaign/banner/dismiss/", {"campaign": campaign.pk, "next": "/"})
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "data-campaign-banner" not in response.content.decode()
    assert "private" in response["Cache-Control"]
