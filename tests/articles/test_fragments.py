"""Parts of pages kept rendered (News Feed, editors' picks): fresh after a change,
one per edition, never personal.

These tests commit (`transaction=True`): fragments are dropped when a change
commits, as in production.
"""

import pytest

from tests.articles.factories import ArticleFactory, BriefFactory, EditorsPickFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fragments_on")]


@pytest.fixture
def article():
    return ArticleFactory(headline="Bridge reopens", slug="bridge")


def test_a_new_brief_shows_on_the_next_render(client, article):
    BriefFactory(headline="Power back in Podil")
    assert "Power back in Podil" in client.get("/articles/bridge/").content.decode()

    BriefFactory(headline="Trams run again")
    page = client.get("/articles/bridge/").content.decode()
    assert "Trams run again" in page and "Power back in Podil" in page


def test_a_kept_news_feed_costs_no_query(client, article, django_assert_num_queries):
    BriefFactory(headline="Power back in Podil")
    client.get("/")
    # 1 top story, 2 latest, 3 picks, 4 their bylines: the briefs come rendered from
    # the cache (the header's sections, the banner and the signup box come from it too).
    with django_assert_num_queries(4):
        page = client.get("/").content.decode()
    assert "Power back in Podil" in page


def test_a_changed_pick_shows_on_the_next_render(client, article):
    first = EditorsPickFactory(article=ArticleFactory(headline="Metro timetable"), position=1)
    assert "Metro timetable" in client.get("/articles/bridge/").content.decode()

    first.delete()
    EditorsPickFactory(article=ArticleFactory(headline="Theatre season opens"), position=2)
    page = client.get("/articles/bridge/").content.decode()
    assert "Theatre season opens" in page and "Metro timetable" not in page


def test_an_unpublished_pick_disappears_from_the_kept_picks(client, article):
    pick = EditorsPickFactory(article=ArticleFactory(headline="Metro timetable"))
    assert "Metro timetable" in client.get("/").content.decode()
    pick.article.status = pick.article.Status.UNPUBLISHED
    pick.article.save()
    assert "Metro timetable" not in client.get("/").content.decode()


def test_each_edition_has_its_own_news_feed(client, article):
    BriefFactory(headline="Power back in Podil")
    BriefFactory(headline="Світло повернулося", language="uk")
    assert "Power back in Podil" in client.get("/").content.decode()
    ukrainian = client.get("/uk/").content.decode()
    assert "Світло повернулося" in ukrainian and "Power back in Podil" not in ukrainian


def test_a_signed_in_readers_page_never_lends_anything_personal(client, article):
    BriefFactory(headline="Power back in Podil")
    EditorsPickFactory(article=ArticleFactory(headline="Metro timetable"))
    first = UserFactory(email="first.reader@example.com")
    client.force_login(first)
    own = client.get("/articles/bridge/").content.decode()
    assert "Sign out" in own and "Metro timetable" in own

    second = UserFactory(email="second.reader@example.com")
    client.force_login(second)
    theirs = client.get("/articles/bridge/").content.decode()
    client.logout()
    anonymous = client.get("/articles/bridge/").content.decode()
    for page in (theirs, anonymous):
        assert "Power back in Podil" in page and "Metro timetable" in page
        assert "first.reader@example.com" not in page
    assert "second.reader@example.com" not in anonymous and "Sign out" not in anonymous
