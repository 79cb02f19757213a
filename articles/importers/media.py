"""Copies of an export's images: from a local folder when given one, else over HTTP.

WordPress keeps uploads under `wp-content/uploads/YYYY/MM/`, Ghost under
`content/images/YYYY/MM/`; an operator who copied that folder next to the export
passes it with `--images`, and the path after those markers finds each file. Other
images are downloaded with a timeout and a size cap; a failure is a warning in the
report, never a crash. Copies are stored once per address under `imported/`, so
running an import again reuses them.
"""

import hashlib
import io
import posixpath
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

UPLOAD_MARKERS = ("/wp-content/uploads/", "/content/images/")
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp", "AVIF": ".avif"}


class ImageUnavailable(Exception):
    pass


@dataclass
class FetchedImage:
    name: str  # in default storage
    content: bytes | None = None


@dataclass
class ImageFetcher:
    """Finds, checks and stores images; remembers each address for the whole run."""

    source: str
    images_dir: Path | None = None
    download: bool = True
    dry_run: bool = False
    timeout: float = field(default_factory=lambda: settings.IMPORT_IMAGE_TIMEOUT)
    max_bytes: int = field(default_factory=lambda: settings.IMPORT_IMAGE_MAX_BYTES)
    _seen: dict[str, str | None] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    _failed: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def relative_path(url: str) -> str:
        path = unquote(urlsplit(url).path)
        for marker in UPLOAD_MARKERS:
            if marker in path:
                return path.split(marker, 1)[1]
        return path.lstrip("/")

    def _local(self, url: str) -> bytes | None:
        if self.images_dir is None:
            return None
        base = self.images_dir.resolve()
        candidate = (base / self.relative_path(url)).resolve()
        # Never read outside the folder given, whatever the export says.
        if not candidate.is_relative_to(base) or not candidate.is_file():
            return None
        if candidate.stat().st_size > self.max_bytes:
            raise ImageUnavailable(f"{url}: larger than {self.max_bytes} bytes")
        return candidate.read_bytes()

    def _download(self, url: str) -> bytes:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ImageUnavailable(f"{url}: not an http(s) address")
        request = urllib.request.Request(url, headers={"User-Agent": "Newsroom importer"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise ImageUnavailable(f"{url}: larger than {self.max_bytes} bytes")
                data = response.read(self.max_bytes + 1)
        except urllib.error.HTTPError as error:
            raise ImageUnavailable(f"{url}: the server answered {error.code}") from error
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise ImageUnavailable(f"{url}: {getattr(error, 'reason', error)}") from error
        if len(data) > self.max_bytes:
            raise ImageUnavailable(f"{url}: larger than {self.max_bytes} bytes")
        return data

    @staticmethod
    def _check(url: str, data: bytes) -> str:
        """The extension for the picture's real format; refuses what is not a picture."""
        try:
            with Image.open(io.BytesIO(data)) as picture:
                picture.verify()
                image_format = picture.format
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ImageUnavailable(f"{url}: not a picture we can use") from error
        if image_format not in IMAGE_FORMATS:
            raise ImageUnavailable(f"{url}: {image_format} pictures are not supported")
        return IMAGE_FORMATS[image_format]

    def _storage_name(self, url: str, extension: str) -> str:
        relative = self.relative_path(url)
        stem = posixpath.splitext(posixpath.basename(relative))[0][:60] or "image"
        digest = hashlib.sha256(url.encode()).hexdigest()[:12]
        return f"imported/{self.source}/{digest}-{stem}{extension}"

    def fetch(self, url: str) -> FetchedImage | None:
        """Our copy of the image at `url`, or None (the reason is in `failures`)."""
        if url in self._seen:
            name = self._seen[url]
            if name is None:
                self.failures.append(self._failed[url])
                return None
            return FetchedImage(name)
        try:
            data = self._local(url)
            if data is None:
                if not self.download:
                    raise ImageUnavailable(f"{url}: not in the images folder")
                if self.dry_run:
                    # A preview does not download; it assumes the address works.
                    self._seen[url] = url
                    return FetchedImage(url)
                data = self._download(url)
            name = self._storage_name(url, self._check(url, data))
            if not self.dry_run and not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(data))
        except ImageUnavailable as problem:
            self.failures.append(str(problem))
            self._failed[url] = str(problem)
            self._seen[url] = None
            return None
        self._seen[url] = name
        return FetchedImage(name, data)

    def body_url(self, url: str) -> str | None:
        fetched = self.fetch(url)
        if fetched is None:
            return None
        if self.dry_run and fetched.name == url:
            return url
        return default_storage.url(fetched.name)
