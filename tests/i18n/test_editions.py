"""Editions by URL: English at /, Ukrainian under /uk/, with hreflang and a switcher."""

import re

import pytest

from tests.articles.factories import ArticleFactory, BriefFactory

pytestmark = pytest.mark.django_db


def alternates(page: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))


def switcher(page: str) -> dict[str, str]:
    return {
        code: href
        for href, code in re.findall(
            r'<a class="nav-link edition-link" href="([^"]+)" hreflang="([^"]+)"', page
        )
    }


def test_each_edition_shows_its_own_articles_in_its_language(client):
    ArticleFactory(headline="Trains run again", language="en")
    ArticleFactory(headline="Потяги знову курсують", language="uk")
    BriefFactory(headline="Sirens in the east", language="en")
    BriefFactory(headline="Тривога на сході", language="uk")

    english = client.get("/").content.decode()
    ukrainian = client.get("/uk/").content.decode()

    assert '<html lang="en">' in english
    assert '<html lang="uk">' in ukrainian
    assert "Trains run again" in english and "Sirens in the east" in english
    assert "Потяги знову курсують" not in english and "Тривога на сході" not in english
    assert "Потяги знову курсують" in ukrainian and "Тривога на сході" in ukrainian
    assert "Trains run again" not in ukrainian and "Sirens in the east" not in ukrainian


def test_the_language_comes_from_the_address_only(client):
    # A shared cache keeps one copy per URL: the browser's language and cookies must
    # neither change the page nor add Vary headers for them.
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="uk", headers={"Cookie": "django_language=uk"})

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")
    assert response["Content-Language"] == "en"
    assert client.get("/uk/latest/")["Content-Language"] == "uk"


def test_hreflang_pairs_are_reciprocal_on_translated_articles(client, settings):
    settings.SITE_URL = "https://ledger.example"
    original = ArticleFactory(slug="trains", language="en")
    ArticleFactory(slug="potiahy", language="uk", translation_of=original)

    english = alternates(client.get("/articles/trains/").content.decode())
    ukrainian = alternates(client.get("/uk/articles/potiahy/").content.decode())

    expected = {
        "en": "https://ledger.example/articles/trains/",
        "uk": "https://ledger.example/uk/articles/potiahy/",
        "x-default": "https://ledger.example/articles/trains/",
    }
    assert english == expected
    assert ukrainian == expected


def test_hreflang_pairs_are_reciprocal_on_edition_pages(client, settings):
    settings.SITE_URL = "https://ledger.example"
    for path, other in [("/latest/", "/uk/latest/"), ("/membership/", "/uk/membership/")]:
        english = alternates(client.get(path).content.decode())
        ukrainian = alternates(client.get(other).content.decode())
        assert (
            english
            == ukrainian
            == {
                "en": f"https://ledger.example{path}",
                "uk": f"https://ledger.example{other}",
                "x-default": f"https://ledger.example{path}",
            }
        )


def test_switcher_leads_to_the_translation(client):
    original = ArticleFactory(slug="trains", language="en")
    ArticleFactory(slug="potiahy", language="uk", translation_of=original)

    assert switcher(client.get("/articles/trains/").content.decode()) == {
        "uk": "/uk/articles/potiahy/"
    }
    assert switcher(client.get("/uk/articles/potiahy/").content.decode()) == {
        "en": "/articles/trains/"
    }


def test_switching_an_article_without_translation_leads_to_the_other_home(client):
    ArticleFactory(slug="only-english", language="en")
    ArticleFactory(slug="lyshe-ukrainskoiu", language="uk")

    english = client.get("/articles/only-english/").content.decode()
    ukrainian = client.get("/uk/articles/lyshe-ukrainskoiu/").content.decode()

    assert switcher(english) == {"uk": "/uk/"}
    assert switcher(ukrainian) == {"en": "/"}
    # Only the page itself is an alternate, and it is its own x-default.
    assert set(alternates(ukrainian)) == {"uk", "x-default"}


def test_an_unpublished_translation_is_not_offered(client):
    original = ArticleFactory(slug="trains", language="en")
    ArticleFactory(slug="potiahy", language="uk", translation_of=original, status="draft")

    page = client.get("/articles/trains/").content.decode()

    assert switcher(page) == {"uk": "/uk/"}
    assert "uk" not in alternates(page)


def test_an_article_asked_for_in_the_wrong_edition_redirects_to_its_own(client):
    ArticleFactory(slug="potiahy", language="uk")

    response = client.get("/articles/potiahy/")

    assert response.status_code == 301
    assert response["Location"] == "/uk/articles/potiahy/"
