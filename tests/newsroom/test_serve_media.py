"""SERVE_MEDIA lets Django serve uploaded files itself, also with DEBUG=false (a small
site without a web server in front, and `make audit`'s production-like site)."""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import newsroom.urls


@pytest.fixture
def reload_urls():
    yield
    clear_url_caches()
    importlib.reload(newsroom.urls)


@pytest.mark.parametrize("serve_media", [True, False])
def test_uploaded_files_are_served_only_when_asked(
    client, db, settings, tmp_path, reload_urls, serve_media
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "picture.txt").write_text("a picture")

    with override_settings(DEBUG=False, SERVE_MEDIA=serve_media):
        clear_url_caches()
        importlib.reload(newsroom.urls)
        response = client.get("/media/picture.txt")

    assert response.status_code == (200 if serve_media else 404)
