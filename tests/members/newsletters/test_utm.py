"""Campaign tags on an issue's links: ours tagged once per issue, others untouched,
and a click through is credited to the newsletter in the analytics."""

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from members.analytics.flush import analytics_flush
from members.analytics.models import UtmDay
from members.newsletters import sending
from members.newsletters.utm import url_tagged
from tests.articles.factories import ArticleFactory
from tests.members.analytics.conftest import BROWSER_UA

from .factories import IssueFactory, SubscriptionFactory

TAGS = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "briefing"}


@pytest.mark.parametrize(
    ("url", "tagged"),
    [
        (
            "https://news.example/latest/",
            "https://news.example/latest/?utm_source=newsletter&utm_medium=email&utm_campaign=briefing",
        ),
        (
            "https://news.example/search/?q=bread%20queue#results",
            "https://news.example/search/?q=bread%20queue&utm_source=newsletter&utm_medium=email"
            "&utm_campaign=briefing#results",
        ),
        (
            "/membership/",
            "/membership/?utm_source=newsletter&utm_medium=email&utm_campaign=briefing",
        ),
        # The editor's own tags win; other sites and other schemes are left alone.
        (
            "https://news.example/join/?UTM_campaign=spring",
            "https://news.example/join/?UTM_campaign=spring",
        ),
        ("https://www.example.org/report/", "https://www.example.org/report/"),
        ("https://news.example.evil.test/", "https://news.example.evil.test/"),
        ("mailto:tips@news.example", "mailto:tips@news.example"),
        ("#top", "#top"),
    ],
)
def test_only_links_to_our_site_without_tags_are_tagged(url, tagged, settings):
    settings.SITE_URL = "https://news.example"
    assert url_tagged(url, TAGS) == tagged


def hrefs(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


@pytest.fixture
def tagged_issue(newsletter, settings, django_capture_on_commit_callbacks):
    """An issue linking to our site, to another site, and to one chosen article,
    sent to one reader."""
    settings.SITE_URL = "https://news.example"
    article = ArticleFactory(headline="The bread queue")
    issue = IssueFactory(
        newsletter=newsletter,
        body=(
            '<p>Read <a href="https://news.example/latest/">the latest</a>, '
            '<a href="https://www.example.org/report/">the report</a> and '
            '<a href="https://news.example/membership/?utm_campaign=spring">join</a>.</p>'
        ),
    )
    issue.chosen_articles.create(article=article, position=0)
    SubscriptionFactory(newsletter=newsletter, email="reader@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send_start(issue_id=issue.pk)
    (message,) = mail.outbox
    return issue, article, message


def test_an_issue_tags_its_links_to_our_site_with_the_newsletter_and_issue(tagged_issue):
    issue, article, message = tagged_issue
    tags = (
        "utm_source=newsletter&utm_medium=email&utm_campaign=morning-briefing"
        f"&utm_content=issue-{issue.pk}"
    )
    links = hrefs(message.alternatives[0][0])
    assert f"https://news.example/latest/?{tags}" in links
    assert f"https://news.example{article.get_absolute_url()}?{tags}" in links
    assert "https://www.example.org/report/" in links
    assert "https://news.example/membership/?utm_campaign=spring" in links
    # The plain-text part lists the article with the same tags.
    assert f"https://news.example{article.get_absolute_url()}?{tags}" in message.body
    # The reader's own links (unsubscribe, preferences) are not campaign links.
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in links and "utm_" not in unsubscribe
    assert "https://news.example/account/newsletters/" in links


def test_a_click_through_a_newsletter_link_is_credited_to_that_newsletter(
    tagged_issue, client, admin_client
):
    issue, article, message = tagged_issue
    (link,) = [
        href for href in hrefs(message.alternatives[0][0]) if article.get_absolute_url() in href
    ]
    opened = urlsplit(link)

    # The reader opens the link; the page's analytics.js sends its beacon with the
    # address's path and query, as it does in the browser.
    assert client.get(f"{opened.path}?{opened.query}").status_code == 200
    response = client.post(
        reverse("members:analytics-beacon"),
        data=json.dumps({"k": "view", "p": opened.path, "q": f"?{opened.query}"}),
        content_type="text/plain",
        REMOTE_ADDR="203.0.113.7",
        headers={"User-Agent": BROWSER_UA},
    )
    assert response.status_code == 204
    analytics_flush()

    utm = UtmDay.objects.get()
    assert (utm.source, utm.medium, utm.campaign, utm.views) == (
        "newsletter",
        "email",
        "morning-briefing",
        1,
    )
    assert parse_qs(opened.query)["utm_content"] == [f"issue-{issue.pk}"]
    dashboard = admin_client.get(reverse("admin:members_siteday_changelist")).content.decode()
    row = re.search(r'id="utm-heading".*?</table>', dashboard, re.S).group(0)
    assert re.search(
        r"<td>newsletter</td><td>email</td><td>morning-briefing</td><td>1</td>", row
    ), row
