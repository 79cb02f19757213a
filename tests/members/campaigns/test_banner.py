"""The site-wide banner: its variants, dismissing it, and what it costs per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.memberships.models import Membership
from tests.members.campaigns.factories import CampaignFactory, start_membership
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_readers_see_the_ask_with_progress_buttons_and_card_logos(client, campaign):
    campaign.starting_count = 640
    campaign.save()

    html = client.get("/").content.decode()

    assert campaign.banner_text in html
    assert "<strong>640</strong> of 1,000 new members" in html
    assert '<progress class="campaign-progress" max="1000" value="640"' in html
    assert f'href="{reverse("members:join")}">Become a member</a>' in html
    for brand in ("Visa", "Mastercard", "American Express"):
        assert f'alt="{brand}"' in html


def test_members_see_the_thank_you_instead_of_the_ask(client, reader, campaign):
    MembershipFactory(user=reader, status=Membership.Status.CANCELLING)
    client.force_login(reader)

    html = client.get("/").content.decode()

    assert campaign.thanks_text in html
    assert campaign.banner_text not in html
    assert "campaign-banner__join" not in html
    assert "0</strong> of 1,000 new members" in html


def test_former_members_are_asked_again(client, reader, campaign):
    MembershipFactory(user=reader, status=Membership.Status.ENDED)
    client.force_login(reader)

    html = client.get("/").content.decode()

    assert campaign.banner_text in html
    assert "campaign-banner__join" in html


def test_a_dismissed_banner_stays_hidden_for_the_session(client, campaign):
    response = client.post(
        reverse("members:campaign-banner-dismiss"), {"campaign": campaign.pk, "next": "/?page=2"}
    )

    assert response.status_code == 302
    assert response.url == "/?page=2"
    assert campaign.banner_text not in client.get("/").content.decode()


def test_a_newly_featured_campaign_shows_even_after_dismissing_the_old_one(client, campaign):
    client.post(reverse("members:campaign-banner-dismiss"), {"campaign": campaign.pk})
    campaign.featured = False
    campaign.save()
    newer = CampaignFactory(featured=True, banner_text="A new drive for the new year.")

    assert newer.banner_text in client.get("/").content.decode()


def test_dismissing_never_redirects_to_another_site(client, campaign):
    response = client.post(
        reverse("members:campaign-banner-dismiss"),
        {"campaign": campaign.pk, "next": "https://evil.example/"},
    )

    assert response.url == "/"


def test_dismissing_needs_a_post(client, campaign):
    assert client.get(reverse("members:campaign-banner-dismiss")).status_code == 405


def test_there_is_no_banner_without_a_featured_campaign(client, db):
    CampaignFactory(featured=False)

    assert b"campaign-banner" not in client.get("/").content


def test_a_new_member_moves_the_banner_at_once(
    client, campaign, django_capture_on_commit_callbacks
):
    assert "<strong>0</strong> of 1,000" in client.get("/").content.decode()  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        start_membership()

    assert "<strong>1</strong> of 1,000" in client.get("/").content.decode()


def test_a_reader_who_just_joined_sees_the_thank_you_at_once(
    client, reader, campaign, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    assert campaign.banner_text in client.get("/").content.decode()  # "not a member" cached

    with django_capture_on_commit_callbacks(execute=True):
        start_membership(user=reader)

    assert campaign.thanks_text in client.get("/").content.decode()


# --- What the banner costs ----------------------------------------------------------
# Pages make their own queries (the header's sections on a cold cache, the page's
# content); these tests count the banner's: those reading campaigns or memberships.

LOGIN = "/accounts/login/"


def banner_queries(client, url: str = "/") -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [
        query["sql"]
        for query in captured.captured_queries
        if "members_campaign" in query["sql"] or "members_membership" in query["sql"]
    ]


def test_the_banner_costs_one_query_cold_and_none_warm(client, campaign, django_assert_num_queries):
    with django_assert_num_queries(2):
        # 1. the header's sections, 2. the featured campaign joined with its counter
        client.get(LOGIN)
    with django_assert_num_queries(0):
        # the header's sections and the banner come from the cache
        response = client.get(LOGIN)
    assert "of 1,000 new members" in response.content.decode()


def test_the_banner_costs_one_query_cold_and_none_warm_for_a_member(client, reader, campaign):
    MembershipFactory(user=reader)
    client.force_login(reader)

    cold = banner_queries(client)
    warm = banner_queries(client)

    # The featured campaign, its counter and EXISTS(the reader's live membership).
    assert len(cold) == 1 and "EXISTS" in cold[0]
    assert warm == []
    assert campaign.thanks_text in client.get("/").content.decode()


def test_a_signed_in_reader_costs_one_query_when_only_the_campaign_is_cached(
    client, reader, campaign
):
    banner_queries(client)  # caches the campaign
    client.force_login(reader)

    queries = banner_queries(client)

    # EXISTS(the reader's live membership), cached afterwards.
    assert len(queries) == 1 and "members_campaign" not in queries[0]
    assert banner_queries(client) == []


def test_the_banner_is_just_as_cheap_with_many_members(client, campaign):
    for _ in range(30):
        start_membership()
    assert len(banner_queries(client)) == 1

    assert banner_queries(client) == []
    assert "<strong>30</strong> of 1,000" in client.get("/").content.decode()


def test_articles_end_with_the_appeal_and_our_figures(client, campaign, django_assert_num_queries):
    from members.campaigns.models import SupporterFigures
    from tests.articles.factories import ArticleFactory

    campaign.appeal = "Millions read us; few pay. Help us reach 1,000 new members."
    campaign.save()
    SupporterFigures.objects.create(pk=1, supporters_override=12_000, monthly_readers=120_000_000)
    article = ArticleFactory()
    client.get(article.get_absolute_url())  # warms the banner and the figures

    html = client.get(article.get_absolute_url()).content.decode()

    appeal = html[html.index('class="campaign-appeal') :]
    assert campaign.appeal in appeal
    assert "only about one in 10,000 contributes. 12,000 supporters fund our reporting" in appeal
    assert 'href="/gift/">Gift membership</a>' in appeal
