"""The demo shows an imported article next to native ones."""

import io

import pytest

from articles import demo
from articles.models import Article

pytestmark = pytest.mark.django_db


def test_the_demo_home_page_shows_the_imported_article(client):
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())  # make run loads it on every start

    imported = Article.objects.get(slug="night-tram")
    assert imported.section.slug == "everyday-life"
    assert [a.name for a in imported.ordered_authors] == ["Halyna Moroz"]
    assert imported.lead_image_alt == "A tram on a dark street"
    assert "<figcaption>The number 7 at the depot, after midnight.</figcaption>" in imported.body
    home = client.get("/").content.decode()
    assert imported.get_absolute_url() in home
    old = imported.publish_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Kyiv"))
    response = client.get(f"/{old:%Y}/{old:%m}/{old:%d}/night-tram/")
    assert response.status_code == 301
