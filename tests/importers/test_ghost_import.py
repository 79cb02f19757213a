"""Importing a real Ghost 4.47 JSON export, and the shape of newer ones."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Author
from tests.importers.conftest import GHOST_EXPORT, image_bytes

pytestmark = pytest.mark.django_db


def run_import(path, *args: str) -> str:
    out = StringIO()
    call_command("import_ghost", str(path), *args, stdout=out)
    return out.getvalue()


def test_ghost_posts_arrive_with_author_tags_and_old_addresses(client):
    output = run_import(GHOST_EXPORT, "--no-download")

    assert "Created: 2 articles, 1 authors" in output
    first = Article.objects.get(slug="sample-slug")
    assert first.headline == "Sample 1 Title"
    assert first.status == Article.Status.PUBLISHED
    assert first.publish_at.isoformat() == "2023-01-14T04:28:17+00:00"
    assert "<h2>Sample H1</h2>" in first.body
    assert "Sample Quote 1" in first.body
    # Untagged in Ghost: the default section.
    assert first.section.name == "News"
    assert list(first.tags.names()) == []
    assert [a.name for a in first.ordered_authors] == ["Sample User"]
    # The feature image lives on unsplash: unreachable, so a warning, not a crash.
    assert "images.unsplash.com" in output
    assert "members readers only in Ghost" in output

    assert client.get("/sample-slug/")["Location"] == first.get_absolute_url()
    # The second post names a tag the export does not contain.
    assert "tag 63c22f61b534ee0210985d62 is not in the export" in output
    assert client.get("/author/user/")["Location"] == Author.objects.get().get_absolute_url()

    again = run_import(GHOST_EXPORT, "--no-download")
    assert "Unchanged: 2 articles" in again
    assert Article.objects.count() == 2


def ghost5_export(tmp_path, **post_overrides):
    post = {
        "id": "65a1",
        "title": "Council votes on the bridge",
        "slug": "council-bridge",
        "html": '<p>Text.</p><figure class="kg-card kg-image-card kg-card-hascaption">'
        '<img src="__GHOST_URL__/content/images/2024/05/bridge.png" class="kg-image"'
        ' alt="The bridge">'
        "<figcaption>The old bridge</figcaption></figure>",
        "feature_image": "__GHOST_URL__/content/images/2024/05/lead.png",
        "type": "post",
        "status": "published",
        "visibility": "public",
        "published_at": "2024-05-14T09:30:00.000Z",
        "custom_excerpt": "The vote is on Tuesday.",
    } | post_overrides
    document = {
        "db": [
            {
                "meta": {"exported_on": 1715680000000, "version": "5.82.0"},
                "data": {
                    "posts": [post],
                    "posts_meta": [
                        {
                            "post_id": "65a1",
                            "feature_image_alt": "Lead alt",
                            "feature_image_caption": "Photo: <b>Oleh</b>",
                        }
                    ],
                    "users": [
                        {"id": "u1", "name": "Iryna K", "slug": "iryna"},
                        {"id": "u2", "name": "Taras P", "slug": "taras"},
                    ],
                    "posts_authors": [
                        {"post_id": "65a1", "author_id": "u2", "sort_order": 1},
                        {"post_id": "65a1", "author_id": "u1", "sort_order": 0},
                    ],
                    "tags": [
                        {"id": "t1", "name": "City", "slug": "city"},
                        {
                            "id": "t2",
                            "name": "#feature",
                            "slug": "hash-feature",
                            "visibility": "internal",
                        },
                        {"id": "t3", "name": "Transport", "slug": "transport"},
                    ],
                    "posts_tags": [
                        {"post_id": "65a1", "tag_id": "t3", "sort_order": 1},
                        {"post_id": "65a1", "tag_id": "t2", "sort_order": 2},
                        {"post_id": "65a1", "tag_id": "t1", "sort_order": 0},
                    ],
                },
            }
        ]
    }
    path = tmp_path / "ghost5.json"
    path.write_text(json.dumps(document))
    images = tmp_path / "images"
    (images / "2024" / "05").mkdir(parents=True)
    (images / "2024" / "05" / "bridge.png").write_bytes(image_bytes("PNG"))
    (images / "2024" / "05" / "lead.png").write_bytes(image_bytes("PNG", size=(40, 30)))
    return path, images


def test_ghost5_export_with_images_folder_coauthors_and_primary_tag(tmp_path):
    path, images = ghost5_export(tmp_path)

    run_import(path, "--images", str(images), "--no-download")

    article = Article.objects.get(slug="council-bridge")
    assert [a.name for a in article.ordered_authors] == ["Iryna K", "Taras P"]
    assert article.section.name == "City"
    assert sorted(article.tags.names()) == ["City", "Transport"]
    assert article.standfirst == "The vote is on Tuesday."
    assert article.lead_image_width == 40
    assert article.lead_image_alt == "Lead alt"
    assert article.lead_image_caption == "Photo: Oleh"
    assert "<figcaption>The old bridge</figcaption>" in article.body
    assert 'alt="The bridge"' in article.body
    assert "__GHOST_URL__" not in article.body


def test_hostile_html_is_removed_as_for_editor_input(tmp_path):
    path, _ = ghost5_export(
        tmp_path,
        html='<p onclick="steal()">Hi <a href="javascript:alert(1)">there</a></p>'
        '<script>alert(1)</script><iframe src="https://evil.example"></iframe>'
        '<img src="x" onerror="alert(1)"><p style="color:red">Styled</p>',
    )

    run_import(path, "--no-download")

    body = Article.objects.get().body
    for hostile in (
        "onclick",
        "javascript:",
        "<script",
        "alert(1)",
        "<iframe",
        "onerror",
        "style=",
    ):
        assert hostile not in body
    assert "Hi" in body and "Styled" in body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"db": [{"meta": {}, "data": {"posts": [{"id": 1}', "not valid JSON"),
        ('{"posts": []}', "not a Ghost export"),
        ("<rss></rss>", "not valid JSON"),
    ],
)
def test_bad_ghost_files_get_a_clear_error_and_import_nothing(tmp_path, content, message):
    path = tmp_path / "export.json"
    path.write_text(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_ghost", str(path))
    assert Article.objects.count() == 0
