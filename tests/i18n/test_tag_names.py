"""Tags have a name per language: readers of the Ukrainian edition see the Ukrainian
name on the tag page, in tag links and in feeds, and the English one where none is
written; editors write both on the tag's admin page."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag, TaggedItem

from articles.tags import TagName
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def tag_links(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="tag" href="([^"]+)" rel="tag">([^<]+)</a>', page)


@pytest.fixture
def kyiv():
    ArticleFactory(slug="trains", language="en", tags=["Kyiv", "Energy"])
    ArticleFactory(slug="potiahy", language="uk", tags=["Kyiv", "Energy"])
    tag = Tag.objects.get(name="Kyiv")
    TagName.objects.create(tag=tag, language="uk", name="Київ")
    return tag


def test_tag_links_show_the_editions_name_and_fall_back_to_the_english_one(client, kyiv):
    ukrainian = client.get("/uk/articles/potiahy/").content.decode()
    english = client.get("/articles/trains/").content.decode()

    # "Energy" has no Ukrainian name yet: its English one stands in.
    assert tag_links(ukrainian) == [("/uk/tags/energy/", "Energy"), ("/uk/tags/kyiv/", "Київ")]
    assert '<meta property="article:tag" content="Київ">' in ukrainian
    assert tag_links(english) == [("/tags/energy/", "Energy"), ("/tags/kyiv/", "Kyiv")]


def test_the_ukrainian_tag_page_is_titled_with_the_ukrainian_name(client, kyiv):
    ukrainian = client.get("/uk/tags/kyiv/").content.decode()
    english = client.get("/tags/kyiv/").content.decode()

    assert "<h1>Київ</h1>" in ukrainian and "<title>Київ · " in ukrainian
    main = ukrainian.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Kyiv" not in re.sub(r'href="[^"]*"', "", main)
    assert "<h1>Kyiv</h1>" in english
    assert client.get("/uk/tags/energy/").content.decode().count("<h1>Energy</h1>") == 1


def test_feeds_give_the_editions_tag_names(client, kyiv):
    assert "<category>Київ</category>" in client.get("/uk/feeds/rss/").content.decode()
    assert "<category>Kyiv</category>" in client.get("/feeds/rss/").content.decode()


def test_tag_names_cost_the_ukrainian_article_page_no_extra_query(client, kyiv):
    article = ArticleFactory(slug="z-tehamy", language="uk", tags=["Kyiv", "Energy", "Trains"])

    def article_page_queries() -> tuple[int, str]:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            page = client.get(article.get_absolute_url()).content.decode()
        return len(queries), page

    with_names, page = article_page_queries()
    assert ("/uk/tags/kyiv/", "Київ") in tag_links(page)
    TagName.objects.all().delete()
    without_names, page = article_page_queries()
    assert ("/uk/tags/kyiv/", "Kyiv") in tag_links(page)
    # The names are read in the article's own query, with its tags.
    assert with_names == without_names


def change_form_data(tag: Tag, **fields) -> dict:
    """What the tag's admin form posts: the tag, its names, and taggit's inline of the
    tagged items as rendered."""
    prefix = "taggit_taggeditem_items"
    items = list(TaggedItem.objects.filter(tag=tag).order_by("pk"))
    data = {
        "name": tag.name,
        "slug": tag.slug,
        "name_uk": "",
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(len(items)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data |= {
            f"{prefix}-{index}-id": item.pk,
            f"{prefix}-{index}-tag": tag.pk,
            f"{prefix}-{index}-content_type": item.content_type_id,
            f"{prefix}-{index}-object_id": item.object_id,
        }
    return data | fields


def test_an_editor_writes_both_names_on_the_tags_admin_page(admin_client, kyiv):
    url = f"/admin/taggit/tag/{kyiv.pk}/change/"
    form = admin_client.get(url).content.decode()
    assert 'name="name_uk"' in form and 'value="Київ"' in form

    response = admin_client.post(url, change_form_data(kyiv, name_uk="Місто Київ"))
    assert response.status_code == 302, response.content.decode()
    assert TagName.objects.get(tag=kyiv, language="uk").name == "Місто Київ"

    admin_client.post(url, change_form_data(kyiv, name_uk=""))
    assert not TagName.objects.filter(tag=kyiv).exists()
    assert Tag.objects.get(pk=kyiv.pk).name == "Kyiv"
