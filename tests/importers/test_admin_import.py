"""The admin's import page: upload, preview, confirm, progress and the report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ImportRun
from tests.importers.conftest import GHOST_EXPORT

pytestmark = pytest.mark.django_db


def upload(client, name="ghost.json", content=None, source="ghost"):
    content = GHOST_EXPORT.read_bytes() if content is None else content
    return client.post(
        reverse("admin:articles_importrun_add"),
        {"source": source, "export": SimpleUploadedFile(name, content)},
    )


def test_an_editor_uploads_previews_and_confirms(
    client, desk_editor, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.IMPORT_UPLOADS_ROOT = tmp_path / "uploads"
    client.force_login(desk_editor)
    assert client.get(reverse("admin:articles_importrun_add")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client)
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("admin:articles_importrun_change", args=[run.pk])
    # The upload waits outside MEDIA_ROOT: exports hold authors' email addresses.
    assert str(settings.MEDIA_ROOT) not in run.stored_path

    preview = client.get(response["Location"]).content.decode()
    assert "Preview: nothing has been saved yet" in preview
    assert "Sample 1 Title" in preview
    assert "Confirm: import now" in preview
    assert Article.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:articles_importrun_confirm", args=[run.pk]))

    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert (run.items_done, run.items_total) == (2, 2)
    assert Article.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "What was imported" in page
    assert "Confirm: import now" not in page

    # A second confirmation (a double click, a replayed form) imports nothing more.
    again = client.post(reverse("admin:articles_importrun_confirm", args=[run.pk]), follow=True)
    assert "already been started" in again.content.decode()
    assert Article.objects.count() == 2


def test_a_wrong_file_fails_with_the_reason(
    client, desk_editor, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.IMPORT_UPLOADS_ROOT = tmp_path / "uploads"
    client.force_login(desk_editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, content=b'{"posts": "nope"}')

    page = client.get(response["Location"]).content.decode()
    assert "not a Ghost export" in page
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_the_extension_must_match_the_source(client, desk_editor):
    client.force_login(desk_editor)

    response = upload(client, name="export.json", source="wordpress")

    assert "A Wordpress export is a .xml file." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_reporters_cannot_import(client, reporter):
    client.force_login(reporter)

    assert client.get(reverse("admin:articles_importrun_add")).status_code == 403
    assert upload(client).status_code == 403
    assert not ImportRun.objects.exists()
