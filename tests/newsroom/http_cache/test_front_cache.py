"""The shipped nginx front cache (deploy/nginx/), started for real in front of the site."""

import http.client
import os
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from deploy.nginx.render import NGINX, FrontCache


@pytest.fixture(autouse=True)
def _needs_nginx():
    if not NGINX:
        if os.environ.get("CI"):
            pytest.fail("CI needs nginx for the front-cache tests, and none is installed.")
        pytest.skip("No nginx installed: front-cache tests skipped (apt-get install nginx).")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, **headers) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def _front(tmp_path, upstream_port: int, **options) -> FrontCache:
    return FrontCache(
        out_dir=tmp_path / "nginx",
        listen=f"127.0.0.1:{_free_port()}",
        upstreams=[f"127.0.0.1:{upstream_port}"],
        media_root=tmp_path / "media",
        purge_secret="test-refresh-secret",
        **options,
    )


def test_the_recipe_passes_nginx_t(tmp_path):
    front = _front(tmp_path, 8000)
    front.render()
    result = subprocess.run(front.command("-t"), capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_readers_are_served_from_the_front_cache_and_a_publish_refreshes_it(
    live_server, newsroom, settings, tmp_path
):
    front = _front(tmp_path, live_server.thread.port)
    port = int(front.listen.rpartition(":")[2])
    settings.PAGE_CACHE_ENABLED = True
    settings.FRONT_CACHE_PURGER = "newsroom.http_cache.purge.NginxRefreshPurger"
    settings.FRONT_CACHE_URL = f"http://127.0.0.1:{port}"
    settings.FRONT_CACHE_PURGE_SECRET = front.purge_secret
    with front.running():
        assert _get(port, "/articles/bridge/")[1]["x-cache"] == "MISS"
        status, headers, body = _get(port, "/articles/bridge/")
        assert (status, headers["x-cache"]) == (200, "HIT")
        assert b"Bridge reopens" in body
        _get(port, "/")

        # Compressed on the way out, from the one cached copy.
        assert (
            _get(port, "/articles/bridge/", accept_encoding="gzip")[1]["content-encoding"] == "gzip"
        )
        if front.brotli:
            encoded = _get(port, "/articles/bridge/", accept_encoding="br, gzip")[1]
            assert encoded["content-encoding"] == "br"

        # A reader with a session always reaches Django, and is never stored.
        signed_in = _get(port, "/articles/bridge/", cookie="sessionid=someone")[1]
        assert signed_in["x-cache"] == "BYPASS"
        # A wrong refresh secret is an ordinary request.
        assert _get(port, "/articles/bridge/", x_cache_refresh="guess")[1]["x-cache"] == "HIT"

        lead = newsroom["lead"]
        lead.headline = "Bridge reopens to traffic"
        lead.save()  # after commit: Django's cache drops the tags, the purger refreshes nginx

        for path in ("/articles/bridge/", "/"):
            status, headers, body = _get(port, path)
            assert headers["x-cache"] == "HIT", path
            assert b"Bridge reopens to traffic" in body, path


class _Origin(BaseHTTPRequestHandler):
    version = 1

    def do_GET(self):
        body = f"<p>edition {type(self).version}</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Cache-Control", "public, max-age=0, s-maxage=1, stale-if-error=60")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_readers_get_the_last_page_while_the_application_is_down(tmp_path):
    origin = ThreadingHTTPServer(("127.0.0.1", 0), _Origin)
    threading.Thread(target=origin.serve_forever, daemon=True).start()
    front = _front(tmp_path, origin.server_address[1])
    port = int(front.listen.rpartition(":")[2])
    with front.running():
        assert _get(port, "/")[2] == b"<p>edition 1</p>"
        origin.shutdown()
        origin.server_close()
        time.sleep(1.5)  # past s-maxage: the copy is stale and the application is gone
        status, headers, body = _get(port, "/")
        assert (status, body) == (200, b"<p>edition 1</p>")
        assert headers["x-cache"] in {"STALE", "UPDATING"}
