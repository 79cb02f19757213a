"""Media on S3-compatible object storage (django-storages), against moto's S3 server.

moto runs as a real HTTP server on a free port, so these go through boto3 and the
network exactly as they would with S3 or MinIO."""

import socket
import urllib.request

import boto3
import pytest
from django.core.files.storage import default_storage

from articles.audio.models import ArticleAudio
from articles.audio.services import article_audio_request
from tests.articles.factories import ArticleFactory

BUCKET = "newsroom-media"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_media(settings, s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    # The same options settings.py builds from AWS_STORAGE_BUCKET_NAME and friends.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "querystring_auth": False,
                "file_overwrite": False,
                "default_acl": "public-read",
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def _fetch(url: str) -> bytes:
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our test server
        return response.read()


def test_lead_images_and_their_renditions_are_stored_and_served_from_the_bucket(
    client, db, s3_media
):
    article = ArticleFactory(lead_image=True)

    page = client.get(article.get_absolute_url()).content.decode()

    keys = _keys(s3_media)
    assert article.lead_image.name in keys
    rendition = article.lead_960_jpeg
    assert rendition.url in page and rendition.url.startswith(s3_media.meta.endpoint_url)
    assert any(key.startswith("CACHE/") and key.endswith(".jpg") for key in keys)
    assert _fetch(rendition.url)[:3] == b"\xff\xd8\xff"  # a JPEG, read back over HTTP


def test_narrated_audio_goes_to_the_bucket_and_plays_from_there(
    client, db, s3_media, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_audio_request(article_id=article.pk)

    audio = ArticleAudio.objects.get(article=article)
    assert audio.file.name in _keys(s3_media)
    assert default_storage.exists(audio.file.name)
    page = client.get(article.get_absolute_url()).content.decode()
    assert audio.file.url in page
    assert len(_fetch(audio.file.url)) == audio.file.size > 0
