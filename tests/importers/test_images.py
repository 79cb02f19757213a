"""Images of an import: downloaded from a (local) web server, with a cap and a timeout."""

from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles.models import Article
from tests.importers.conftest import image_bytes
from tests.importers.test_ghost_import import ghost5_export

pytestmark = pytest.mark.django_db


def test_images_are_downloaded_and_failures_are_warnings(tmp_path, image_server, settings):
    base, served = image_server
    (served / "lead.jpg").write_bytes(image_bytes(size=(50, 40)))
    (served / "big.jpg").write_bytes(image_bytes(size=(800, 800)))
    (served / "notes.jpg").write_text("not a picture")
    settings.IMPORT_IMAGE_MAX_BYTES = 4000
    path, _ = ghost5_export(
        tmp_path,
        feature_image=f"{base}/lead.jpg",
        html=f'<p>One</p><img src="{base}/missing.jpg" alt="gone">'
        f'<p>Two</p><img src="{base}/big.jpg" alt="big">'
        f'<img src="{base}/notes.jpg" alt="text">',
    )
    out = StringIO()

    call_command("import_ghost", str(path), stdout=out)

    article = Article.objects.get()
    assert article.lead_image_width == 50
    assert default_storage.exists(article.lead_image.name)
    report = out.getvalue()
    assert "missing.jpg: the server answered 404" in report
    assert "big.jpg: larger than 4000 bytes" in report
    assert "notes.jpg: not a picture we can use" in report
    assert "<img" not in article.body
    assert "One" in article.body and "Two" in article.body


def test_a_second_import_reuses_the_copies(tmp_path, image_server):
    base, served = image_server
    (served / "lead.jpg").write_bytes(image_bytes())
    path, _ = ghost5_export(tmp_path, feature_image=f"{base}/lead.jpg")
    call_command("import_ghost", str(path), stdout=StringIO())
    first = Article.objects.get().lead_image.name
    (served / "lead.jpg").unlink()  # a second run must not need the server

    path.write_text(path.read_text().replace("Council votes", "Council voted"))
    call_command("import_ghost", str(path), stdout=StringIO())

    article = Article.objects.get()
    assert article.headline == "Council voted on the bridge"
    assert article.lead_image.name == first


def test_an_images_folder_is_never_left(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(image_bytes("PNG"))
    path, images = ghost5_export(
        tmp_path, feature_image="https://old.example/content/images/../../secret.png"
    )
    out = StringIO()

    call_command("import_ghost", str(path), "--images", str(images), "--no-download", stdout=out)

    assert not Article.objects.get().lead_image
    assert "not in the images folder" in out.getvalue()
