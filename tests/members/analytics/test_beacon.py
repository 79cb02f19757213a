"""The beacon endpoint: who is counted, with no cookie and no database write."""

import pytest

from members.analytics.flush import analytics_flush
from members.analytics.models import DailySalt, EventDay, PageDay, ReferrerDay, SiteDay, UtmDay
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_page_view_is_counted_once_flushed(send_beacon):
    article = ArticleFactory()
    path = article.get_absolute_url()

    response = send_beacon({"k": "view", "p": path, "r": "https://www.example.org/x"})

    assert response.status_code == 204
    assert not response.cookies
    assert not SiteDay.objects.exists()  # nothing reaches the database until the flush
    assert analytics_flush() == 1
    page = PageDay.objects.get(path=path)
    assert (page.views, page.readers, page.article) == (1, 1, article)
    assert SiteDay.objects.get().views == 1
    assert ReferrerDay.objects.get().domain == "example.org"


def test_the_beacon_writes_nothing_to_the_database(send_beacon, django_assert_num_queries):
    send_beacon({"p": "/"})  # the first beacon of the day reads (or makes) the day's salt
    # Later beacons: no query at all (the salt is cached; the view goes to the buffer).
    with django_assert_num_queries(0):
        send_beacon({"p": "/latest/"})


def test_do_not_track_is_honoured(send_beacon):
    assert send_beacon({"p": "/"}, DNT="1").status_code == 204
    assert analytics_flush() == 0


def test_global_privacy_control_is_honoured(send_beacon):
    assert send_beacon({"p": "/"}, **{"Sec-GPC": "1"}).status_code == 204
    assert analytics_flush() == 0


def test_without_a_signal_the_same_view_is_counted(send_beacon):
    send_beacon({"p": "/"}, DNT="0")
    assert analytics_flush() == 1


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/131.0.0.0 Safari/537.36",
        "curl/8.5.0",
        "",
    ],
)
def test_bots_are_not_counted(send_beacon, user_agent):
    send_beacon({"p": "/"}, user_agent=user_agent)
    assert analytics_flush() == 0


def test_prefetches_are_not_counted(send_beacon):
    send_beacon({"p": "/"}, **{"Sec-Purpose": "prefetch"})
    assert analytics_flush() == 0


def test_a_beacon_from_another_site_is_not_counted(send_beacon):
    send_beacon({"p": "/"}, Origin="https://elsewhere.example")
    assert analytics_flush() == 0


@pytest.mark.parametrize(
    "body", ["not json", '{"p": "https://evil.example/"}', '["/"]', '{"k": "x", "p": "/"}']
)
def test_bad_beacons_get_400_and_count_nothing(client, body):
    from django.urls import reverse

    response = client.post(
        reverse("members:analytics-beacon"), data=body, content_type="text/plain"
    )
    assert response.status_code == 400
    assert analytics_flush() == 0


def test_one_reader_is_counted_once_a_day_however_many_pages(send_beacon):
    for path in ["/", "/latest/", "/"]:
        send_beacon({"p": path})
    send_beacon({"p": "/"}, address="198.51.100.1")
    analytics_flush()
    site = SiteDay.objects.get()
    assert (site.views, site.readers) == (4, 2)
    assert PageDay.objects.get(path="/").readers == 2
    assert PageDay.objects.get(path="/latest/").readers == 1


def test_batches_merge_readers_instead_of_adding_them(send_beacon):
    send_beacon({"p": "/"})
    analytics_flush()
    send_beacon({"p": "/"})
    send_beacon({"p": "/"}, address="198.51.100.1")
    analytics_flush()
    site = SiteDay.objects.get()
    assert (site.views, site.readers) == (3, 2)


def test_utm_parameters_and_banner_events_are_counted(send_beacon):
    send_beacon({"p": "/", "q": "?utm_source=newsletter&utm_medium=email&utm_campaign=weekly"})
    send_beacon({"k": "banner_impression", "p": "/", "c": 7})
    send_beacon({"k": "banner_click", "p": "/", "c": 7})
    send_beacon({"p": "/membership/", "q": "?via=banner&campaign=7"})
    analytics_flush()
    utm = UtmDay.objects.get()
    assert (utm.source, utm.medium, utm.campaign, utm.views) == ("newsletter", "email", "weekly", 1)
    counted = dict(EventDay.objects.filter(campaign_id=7).values_list("kind", "count"))
    assert counted == {"banner_impression": 1, "banner_click": 1, "membership_page": 1}


def test_the_salt_of_a_past_day_is_deleted(send_beacon):
    from datetime import timedelta

    from members.analytics import counting
    from members.analytics.flush import salts_rotate

    send_beacon({"p": "/"})
    today = counting.today()
    assert DailySalt.objects.filter(day=today).exists()
    salts_rotate(today=today + timedelta(days=1))
    assert not DailySalt.objects.filter(day=today).exists()
    assert DailySalt.objects.filter(day=today + timedelta(days=2)).exists()


def test_newsletter_signups_are_counted_per_page_they_came_from(
    client, django_capture_on_commit_callbacks
):
    from tests.members.newsletters.factories import NewsletterFactory

    from .conftest import BROWSER_UA

    newsletter = NewsletterFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/newsletters/signup/",
            {"newsletter": newsletter.slug, "email": "a@example.com", "next": "/articles/x/"},
            headers={"User-Agent": BROWSER_UA},
        )
    analytics_flush()
    signup = EventDay.objects.get(kind=EventDay.Kind.NEWSLETTER_SIGNUP)
    assert (signup.detail, signup.count) == ("/articles/x/", 1)


def test_behind_our_proxy_readers_are_told_apart_by_the_address_it_saw(send_beacon, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    send_beacon({"p": "/"}, address="10.0.0.1", **{"X-Forwarded-For": "203.0.113.1"})
    send_beacon({"p": "/"}, address="10.0.0.1", **{"X-Forwarded-For": "203.0.113.2"})
    analytics_flush()
    assert SiteDay.objects.get().readers == 2


def test_the_beacon_answers_with_the_security_headers_and_no_cookie(send_beacon, client):
    # Beacons skip the page middleware (members/analytics/middleware.py); the
    # headers every page carries still come with them.
    page = client.get("/robots.txt")
    response = send_beacon({"p": "/"})

    assert response.status_code == 204
    for header in (
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Security-Policy",
    ):
        assert response.headers[header] == page.headers[header]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_a_beacon_to_a_host_we_do_not_serve_is_refused(send_beacon):
    response = send_beacon({"p": "/"}, Host="elsewhere.example")
    assert response.status_code == 400
    assert analytics_flush() == 0


def test_a_beacon_to_the_other_editions_address_is_counted_with_its_funnel_page(client):
    from .conftest import BROWSER_UA

    response = client.post(
        "/uk/analytics/beacon/",
        data='{"p": "/uk/membership/", "q": "?via=banner&campaign=3"}',
        content_type="text/plain",
        headers={"User-Agent": BROWSER_UA},
    )

    assert response.status_code == 204
    assert analytics_flush() == 1
    assert PageDay.objects.get().path == "/uk/membership/"
    membership = EventDay.objects.get(kind=EventDay.Kind.MEMBERSHIP_PAGE)
    assert (membership.campaign_id, membership.count) == (3, 1)


def test_a_nul_character_in_a_beacon_is_refused(send_beacon):
    # PostgreSQL cannot store NUL in text: one such path would fail the flush.
    assert send_beacon({"p": "/a\x00b/"}).status_code == 400
    assert send_beacon({"p": "/", "q": "?utm_source=a\x00"}).status_code == 400
    assert analytics_flush() == 0


def test_a_failed_flush_keeps_its_views_for_the_next_one(send_beacon, monkeypatch):
    from django.db import OperationalError

    from members.analytics import flush

    send_beacon({"p": "/"})
    send_beacon({"p": "/latest/"})
    fold = flush._fold

    def database_down(records):
        raise OperationalError("the database is unreachable")

    monkeypatch.setattr(flush, "_fold", database_down)
    with pytest.raises(OperationalError):
        analytics_flush()
    assert not SiteDay.objects.exists()

    monkeypatch.setattr(flush, "_fold", fold)
    assert analytics_flush() == 2
    assert SiteDay.objects.get().views == 2


def test_stopping_a_process_flushes_everything_it_buffered(send_beacon):
    from members.analytics import flush

    for path in ["/", "/latest/", "/", "/", "/latest/"]:
        send_beacon({"p": path})

    flush.analytics_flush_all()  # gunicorn's worker_exit hook, and atexit

    assert SiteDay.objects.get().views == 5
