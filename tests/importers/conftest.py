import io
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from tests.articles.conftest import desk_editor, reporter  # noqa: F401  (personas)

DATA = Path(__file__).parent / "data"
WORDPRESS_EXPORT = DATA / "wordpress-theme-test-data.xml"
GHOST_EXPORT = DATA / "ghost-4.47-export.json"


def image_bytes(fmt: str = "JPEG", size=(32, 20), colour=(200, 30, 30)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, format=fmt)
    return output.getvalue()


@pytest.fixture
def uploads(tmp_path) -> Path:
    """A copy of the test site's wp-content/uploads: a small picture for every
    attachment address in the export (YYYY/MM/name.jpg)."""
    import re

    folder = tmp_path / "uploads"
    text = WORDPRESS_EXPORT.read_text()
    for path in set(re.findall(r"files\.wordpress\.com/(\d{4}/\d{2}/[\w.-]+\.jpe?g)", text)):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(image_bytes())
    return folder


@pytest.fixture
def image_server(tmp_path):
    """A local HTTP server on a free port serving files from a folder; yields
    (base address, folder)."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass
