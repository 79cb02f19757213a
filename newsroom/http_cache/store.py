"""Django's page cache for anonymous readers, invalidated by surrogate key ("tag").

Each tag has a version in the cache. A stored page (or any other entry kept the
same way, such as an article's story) remembers the versions of its tags; dropping
a tag gives it a new version, so every entry carrying it misses on its next
request, in every process sharing the cache (with CACHE_URL), without having to
find the entries. A hit costs two cache reads: the entry, and its tags' versions.

Keys are built from the full address (scheme, host, path, query), so language
prefixes such as /uk/ and page numbers are separate entries.
"""

import hashlib
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.http import quote_etag

# v2: stored as an entry, (tag versions, page).
PAGE_PREFIX = "page:v2:"
TAG_PREFIX = "page-tag:v1:"
PATHS_PREFIX = "page-tag-paths:v1:"
# Headers a stored page keeps (the rest, such as CSP, are added on every response).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "X-Robots-Tag")


@dataclass(frozen=True)
class StoredPage:
    content: bytes
    headers: dict[str, str]
    tags: list[str]
    etag: str
    seconds: int
    stored_at: float = field(default_factory=time.time)


def page_build(
    *, content: bytes, headers: dict[str, str], tags: list[str], seconds: int
) -> StoredPage:
    """A page as it is stored and served: its bytes, kept headers, tags, ETag and lifetime."""
    return StoredPage(
        content=content,
        headers={name: headers[name] for name in KEPT_HEADERS if name in headers},
        tags=sorted(tags),
        etag=quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest()),
        seconds=seconds,
    )


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def page_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def _tag_versions(tags: list[str], *, create: bool) -> dict[str, str]:
    cache = page_cache()
    keys = {TAG_PREFIX + tag: tag for tag in tags}
    found = cache.get_many(list(keys))
    versions = {keys[key]: version for key, version in found.items()}
    missing = [tag for tag in tags if tag not in versions]
    if missing and create:
        created = {tag: uuid.uuid4().hex for tag in missing}
        cache.set_many({TAG_PREFIX + tag: version for tag, version in created.items()}, None)
        versions |= created
    return versions


def tag_versions(tags: list[str]) -> dict[str, str]:
    """The current version of each tag (made when missing): changes when the tag is dropped."""
    return _tag_versions(tags, create=True)


def page_get(request: HttpRequest) -> StoredPage | None:
    return entry_get(page_key(request))


def page_set(request: HttpRequest, page: StoredPage) -> None:
    entry_set(page_key(request), page, page.tags, page.seconds)


def entry_get(key: str):
    """What `entry_set` kept under `key`, or None if missing or any of its tags was
    dropped (or evicted) since."""
    kept = page_cache().get(key)
    if kept is None:
        return None
    versions, value = kept
    if _tag_versions(list(versions), create=False) != versions:
        return None  # a tag was dropped since: render again
    return value


def entry_set(key: str, value, tags: list[str], seconds: int) -> None:
    """Keep `value` under `key` for `seconds`, until one of `tags` is dropped."""
    page_cache().set(key, (_tag_versions(tags, create=True), value), seconds)


def tags_invalidate(tags: list[str] | set[str]) -> None:
    """Give each tag a new version: every page carrying one misses from now on."""
    page_cache().set_many({TAG_PREFIX + tag: uuid.uuid4().hex for tag in tags}, None)


def tag_paths_record(tags: list[str], path: str) -> None:
    """Remember which addresses carry each tag, for purgers that work by address.

    Bounded per tag (the most recent addresses); a page that falls off the list is
    still refreshed by its short shared lifetime. Two processes recording at once
    may lose one address the same way.
    """
    cache = page_cache()
    limit = settings.FRONT_CACHE_PATHS_PER_TAG
    keys = [PATHS_PREFIX + tag for tag in tags]
    current = cache.get_many(keys)
    updates = {}
    for key in keys:
        paths = current.get(key, [])
        if path in paths:
            continue
        updates[key] = [*paths[-(limit - 1) :], path] if limit > 1 else [path]
    if updates:
        cache.set_many(updates, None)


def tag_paths(tags: list[str] | set[str]) -> list[str]:
    found = page_cache().get_many([PATHS_PREFIX + tag for tag in tags])
    return sorted({path for paths in found.values() for path in paths})
