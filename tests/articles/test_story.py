"""The article's story, kept rendered (articles/story.py): a kept story costs no query,
and every change a reader could notice shows on the next request.

Django's page cache stays off here (as for signed-in readers, who never get it): what
is measured is the page rendered by the view with its story kept. These tests commit
(`transaction=True`): kept parts are dropped when a change commits, as in production.
"""

import pytest
from django.utils import timezone

from articles.models import Article
from tests.articles.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.factories import UserFactory
from tests.members.campaigns.factories import CampaignFactory, start_membership
from tests.members.newsletters.factories import NewsletterFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fragments_on")]


@pytest.fixture
def article():
    return ArticleFactory(
        headline="Bridge reopens",
        slug="bridge",
        section=SectionFactory(name="City", slug="city"),
        authors=[AuthorFactory(name="Olena Shevchenko")],
    )


def page(client, path="/articles/bridge/") -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_kept_story_asks_the_database_nothing(client, article, django_assert_num_queries):
    page(client)
    with django_assert_num_queries(0):
        shown = page(client)
    assert "Bridge reopens" in shown and "Olena Shevchenko" in shown


def test_a_correction_shows_on_the_next_request(client, article):
    page(client)
    article.headline = "Bridge reopens to traffic"
    article.correction = "An earlier version misnamed the bridge."
    article.save()
    shown = page(client)
    assert "Bridge reopens to traffic" in shown
    assert "An earlier version misnamed the bridge." in shown


@pytest.mark.parametrize("change", ["unpublish", "reschedule", "delete"])
def test_an_article_taken_down_is_gone_on_the_next_request(client, article, change):
    page(client)
    if change == "delete":
        article.delete()
    else:
        article.status = (
            Article.Status.UNPUBLISHED if change == "unpublish" else Article.Status.SCHEDULED
        )
        article.publish_at = timezone.now() + timezone.timedelta(days=1)
        article.save()
    assert client.get("/articles/bridge/").status_code == 404


def test_a_related_article_taken_down_leaves_the_story(client, article):
    related = ArticleFactory(headline="Ferry timetable changes", slug="ferry")
    article.related_articles.add(related)
    assert "Ferry timetable changes" in page(client)
    related.status = Article.Status.UNPUBLISHED
    related.save()
    assert "Ferry timetable changes" not in page(client)


def test_renamed_authors_and_sections_show_at_once(client, article):
    page(client)
    article.section.name = "Kyiv city"
    article.section.save()
    # Beside the headline (the header's navigation shows it too).
    assert '<a href="/sections/city/">Kyiv city</a></p>' in page(client)
    author = article.ordered_authors[0]
    author.name = "Olena Shevchenko-Bondar"
    author.save()
    assert "Olena Shevchenko-Bondar" in page(client)


def test_the_member_count_beside_a_kept_story_stays_current(client, article):
    CampaignFactory(
        featured=True,
        starts_on=timezone.localdate() - timezone.timedelta(days=1),
        ends_on=timezone.localdate() + timezone.timedelta(days=9),
        goal=100,
    )
    shown = page(client)
    assert "<strong>0</strong> of 100" in shown and "0 of 100 new members so far" in shown
    start_membership()
    shown = page(client)
    assert "<strong>1</strong> of 100" in shown  # the banner
    assert "1 of 100 new members so far" in shown  # the appeal under the article


def test_staff_and_readers_share_the_story_but_nothing_personal(client, article):
    NewsletterFactory(name="Morning Ledger", is_featured=True)
    editor = UserFactory(email="editor@example.com", is_staff=True, is_superuser=True)
    client.force_login(editor)
    own = page(client)
    assert "Edit post" in own and "Bridge reopens" in own

    reader = UserFactory(email="reader@example.com")
    client.force_login(reader)
    theirs = page(client)
    client.logout()
    client.cookies.clear()
    anonymous = page(client)
    for shown in (theirs, anonymous):
        assert "Bridge reopens" in shown
        assert "Edit post" not in shown and "editor@example.com" not in shown
    assert 'value="reader@example.com"' in theirs  # the signup form, filled in for them
    assert "reader@example.com" not in anonymous and "Sign out" not in anonymous


def test_the_other_editions_address_still_leads_to_the_article(client, article):
    page(client)  # kept in the English edition
    response = client.get("/uk/articles/bridge/")
    assert response.status_code == 301 and response["Location"] == "/articles/bridge/"


def test_a_published_translation_is_linked_from_the_kept_original(client, article):
    assert '<link rel="alternate" hreflang="uk"' not in page(client)
    # In the same section: a new one would drop every kept story (`taxonomy`).
    ArticleFactory(slug="mist", language="uk", translation_of=article, section=article.section)
    assert '<link rel="alternate" hreflang="uk"' in page(client)
    assert '<link rel="alternate" hreflang="en"' in page(client, "/uk/articles/mist/")
