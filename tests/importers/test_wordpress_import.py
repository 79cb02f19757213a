"""Importing the WordPress theme test site's real export (WXR 1.2)."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Author, ImportedItem, Section
from newsroom.models import Redirect
from tests.importers.conftest import WORDPRESS_EXPORT

pytestmark = pytest.mark.django_db


def run_import(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_wordpress", str(WORDPRESS_EXPORT), *args, stdout=out)
    return out.getvalue()


def test_posts_arrive_as_articles_with_what_a_newsroom_checks(client, uploads):
    output = run_import("--images", str(uploads), "--no-download")

    # Counts by status; what was skipped says why.
    statuses = Counter(Article.objects.values_list("status", flat=True))
    assert statuses == {"published": 48, "draft": 1, "scheduled": 1}
    assert "Created: 50 articles, 2 authors" in output
    assert "Template: Password Protected" in output and "password-protected" in output
    assert "70 items: a nav menu item, not a post" in output
    assert "a page, not a post" in output

    # One article in full: text, byline, section, tags, lead image.
    gallery = Article.objects.get(slug="block-gallery")
    assert gallery.headline == "Block: Gallery"
    assert gallery.section.name == "Block"
    assert [a.name for a in gallery.ordered_authors] == ["Theme Reviewer"]
    assert set(gallery.tags.names()) >= {"gallery", "Columns", "content περιεχόμενο"}
    assert gallery.lead_image.name.startswith("imported/wordpress/")
    assert gallery.lead_image_width == 32
    assert gallery.lead_image_alt == "Boat Barco Texture"

    scheduled = Article.objects.get(status=Article.Status.SCHEDULED)
    assert scheduled.publish_at.year == 2030
    assert not scheduled.is_live()

    # Captions and blocks become our figures, never raw markup.
    for article in Article.objects.all():
        assert "[caption" not in article.body
        assert "<!-- wp:" not in article.body
        assert "[gallery" not in article.body
    alignment = Article.objects.get(slug="markup-image-alignment")
    assert "<figcaption>" in alignment.body
    assert 'src="/media/imported/wordpress/' in alignment.body
    assert "Look at 580x300 getting some" in alignment.body
    page = client.get(alignment.get_absolute_url())
    assert page.status_code == 200
    assert b"<figcaption>" in page.content

    # Old addresses answer with a 301 to the new pages.
    for old in ("/2018/11/02/block-gallery/", "/?p=1752"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == gallery.get_absolute_url()
    response = client.get("/category/block/")
    assert response["Location"] == Section.objects.get(slug="block").get_absolute_url()
    assert client.get("/tag/gallery/")["Location"] == "/tags/gallery/"
    assert client.get("/author/themereviewteam/")["Location"] == (
        Author.objects.get(name="Theme Reviewer").get_absolute_url()
    )


def test_importing_again_creates_nothing_and_updates_what_changed(tmp_path, uploads):
    run_import("--images", str(uploads), "--no-download")
    counts = (Article.objects.count(), Author.objects.count(), Redirect.objects.count())

    output = run_import("--images", str(uploads), "--no-download")
    assert (Article.objects.count(), Author.objects.count(), Redirect.objects.count()) == counts
    assert "Unchanged: 50 articles" in output

    changed = tmp_path / "changed.xml"
    changed.write_text(
        WORDPRESS_EXPORT.read_text().replace(
            "<title>Block: Gallery</title>", "<title>Galleries</title>"
        )
    )
    out = __import__("io").StringIO()
    call_command(
        "import_wordpress", str(changed), "--images", str(uploads), "--no-download", stdout=out
    )
    assert "Updated: 1 articles" in out.getvalue()
    assert Article.objects.get(slug="block-gallery").headline == "Galleries"
    assert Article.objects.count() == counts[0]


def test_dry_run_reports_and_saves_nothing():
    output = run_import("--dry-run", "--no-download")

    assert "Dry run: nothing was saved." in output
    assert "Would be created: 50 articles" in output
    assert Article.objects.count() == 0
    assert Redirect.objects.count() == 0
    assert ImportedItem.objects.count() == 0


def test_a_truncated_export_imports_nothing(tmp_path):
    truncated = tmp_path / "truncated.xml"
    text = WORDPRESS_EXPORT.read_bytes()
    truncated.write_bytes(text[: len(text) * 2 // 3])

    with pytest.raises(CommandError, match=r"not well-formed XML.*Nothing was imported"):
        call_command("import_wordpress", str(truncated), "--no-download")
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"db": []}', "not well-formed XML"),
        ("<html><body>hello</body></html>", "starts with <rss>"),
        (
            '<rss version="2.0"><channel><title>A feed</title></channel></rss>',
            "no <wp:wxr_version>",
        ),
        ("", "not well-formed|empty"),
    ],
)
def test_files_of_another_kind_get_a_clear_error(tmp_path, content, message):
    path = tmp_path / "export.xml"
    path.write_text(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_wordpress", str(path))
    assert Article.objects.count() == 0


def test_entity_expansion_is_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>1.2</wp:wxr_version><title>&a9;</title></channel></rss>"
    )

    with pytest.raises(CommandError, match="DTD"):
        call_command("import_wordpress", str(bomb))
