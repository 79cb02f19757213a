"""Old addresses: answered with a 301 only where no page exists, and edited by editors."""

import pytest
from django.urls import reverse

from newsroom.models import Redirect
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_redirect_follows_its_article_to_a_new_slug(client):
    article = ArticleFactory(slug="first-slug")
    Redirect.objects.create(old_path="/2024/05/14/old/", target=article)
    article.slug = "second-slug"
    article.save()

    response = client.get("/2024/05/14/old/")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_without_trailing_slash_and_percent_encoded(client):
    article = ArticleFactory()
    Redirect.objects.create(old_path="/2024/05/14/привіт/", target=article)

    assert client.get("/2024/05/14/%D0%BF%D1%80%D0%B8%D0%B2%D1%96%D1%82")["Location"] == (
        article.get_absolute_url()
    )


def test_pages_that_exist_cost_no_redirect_query(client, django_assert_num_queries):
    Redirect.objects.create(old_path="/robots.txt", new_path="/elsewhere/")
    # robots.txt reads nothing from the database: any query would be the redirect lookup.
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")
    assert response.status_code == 200


def test_a_missing_page_costs_one_lookup(client, django_assert_num_queries):
    # The 404 page's own two (cold cache): the header's sections, the featured campaign;
    # then the lookup: SELECT redirects WHERE old_path IN ('/nothing/here/', '/nothing/here')
    with django_assert_num_queries(3):
        response = client.get("/nothing/here/", HTTP_ACCEPT="text/html")
    assert response.status_code == 404


def test_the_home_page_with_a_wordpress_query_redirects(client):
    article = ArticleFactory()
    Redirect.objects.create(old_path="/?p=42", target=article)

    assert client.get("/?p=42")["Location"] == article.get_absolute_url()
    assert client.get("/?p=43").status_code == 200


def test_editors_add_and_edit_redirects_in_the_admin(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:newsroom_redirect_add"),
        {
            "old_path": "https://old.example/about-us/",
            "new_path": "/membership/",
            "note": "old page",
        },
    )
    assert response.status_code == 302
    redirect = Redirect.objects.get()
    assert redirect.old_path == "/about-us/"
    assert client.get("/about-us/")["Location"] == "/membership/"

    client.post(
        reverse("admin:newsroom_redirect_change", args=[redirect.pk]),
        {"old_path": "/about-us/", "new_path": "/newsletters/", "note": ""},
    )
    assert client.get("/about-us/")["Location"] == "/newsletters/"


def test_a_redirect_needs_a_destination(client, editor):
    client.force_login(editor)

    response = client.post(
        reverse("admin:newsroom_redirect_add"), {"old_path": "/x/", "new_path": ""}
    )

    assert response.status_code == 200
    assert "Say where readers should be sent." in response.content.decode()
    assert not Redirect.objects.exists()
