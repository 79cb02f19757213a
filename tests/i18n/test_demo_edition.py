"""The demo has a Ukrainian edition: its own stories, two translations of English ones
linked both ways, Ukrainian briefs, picks and a Ukrainian newsletter."""

import io

import pytest
from django.core.management import call_command

from articles import demo_uk
from articles.models import Article, EditorsPick
from members.newsletters.models import NewsletterIssue
from tests.browser import assert_accessible
from tests.i18n.test_editions import switcher


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # load_demo is for development sites
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_ukrainian_home_lists_the_ukrainian_stories_and_briefs(client, demo):
    home = client.get("/uk/").content.decode()

    ukrainian = Article.objects.filter(language="uk")
    assert ukrainian.count() == len(demo_uk.ARTICLES) >= 4
    for article in ukrainian:
        assert article.headline in home
    for _minutes, headline, _text, _link in demo_uk.BRIEFS[:5]:
        assert headline in home
    # The English edition's stories stay in the English edition.
    assert "In Kharkiv's metro, a school keeps its timetable" not in home
    assert "У харківському метро школа живе за розкладом" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_ukrainian_picks_are_ukrainian_stories(client, demo):
    picked = Article.objects.filter(editors_pick__in=EditorsPick.objects.all(), language="uk")
    assert sorted(picked.values_list("slug", flat=True)) == sorted(demo_uk.PICKS)
    page = client.get("/uk/articles/heneratory-z-troieshchyny/").content.decode()
    assert "Сироварня на Полтавщині" in page  # a pick in the sidebar


@pytest.mark.django_db
def test_the_translated_pairs_lead_to_each_other(client, demo):
    pairs = [
        ("/articles/kharkiv-metro-school/", "/uk/articles/kharkivske-metro-shkola/"),
        ("/articles/night-the-power-came-back/", "/uk/articles/nich-koly-povernulosia-svitlo/"),
    ]
    for english, ukrainian in pairs:
        assert switcher(client.get(english).content.decode()) == {"uk": ukrainian}
        assert switcher(client.get(ukrainian).content.decode()) == {"en": english}


@pytest.mark.django_db
def test_a_story_told_only_in_ukrainian_switches_to_the_english_home(client, demo):
    page = client.get("/uk/articles/syrovarnia-na-poltavshchyni/").content.decode()
    assert switcher(page) == {"en": "/"}


@pytest.mark.django_db
def test_the_ukrainian_newsletter_is_offered_in_the_ukrainian_edition_only(client, demo):
    assert "Ранок із Ledger" in client.get("/uk/newsletters/").content.decode()
    assert "Ранок із Ledger" not in client.get("/newsletters/").content.decode()


@pytest.mark.django_db
def test_each_editions_draft_issue_carries_that_editions_stories(demo):
    issues = NewsletterIssue.objects.select_related("newsletter")
    assert {issue.newsletter.language for issue in issues} == {"en", "uk"}
    for issue in issues:
        languages = {item.article.language for item in issue.chosen_articles.all()}
        assert languages == {issue.newsletter.language}


@pytest.mark.django_db(transaction=True)
def test_the_demo_ukrainian_home_is_accessible(page, live_url, demo):
    page.goto(f"{live_url}/uk/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert_accessible(page)
    page.goto(f"{live_url}/uk/articles/nich-koly-povernulosia-svitlo/")
    assert_accessible(page)
