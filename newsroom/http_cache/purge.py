"""The purge hook: after a change, tell the front cache (or a CDN) which pages to drop.

Django's own page cache is invalidated by tag at once (`store.tags_invalidate`).
Shared caches outside Django are told by a purger, named by the FRONT_CACHE_PURGER
setting (a dotted path; empty: none). A purger is any class with
`purge(*, tags, paths)`: a CDN that understands surrogate keys purges by `tags`;
the shipped nginx recipe works by address, so it gets `paths`, the addresses that
carried those tags when Django rendered them (`store.tag_paths`).

Purging runs as a background task after the change commits, so an editor's save
never waits on the network, and a purge that fails leaves at worst a page as old
as its shared lifetime (PAGE_CACHE_SECONDS).
"""

import hmac
import logging
import urllib.request
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.tasks import task
from django.utils.module_loading import import_string

from . import store

logger = logging.getLogger(__name__)
REFRESH_HEADER = "X-Cache-Refresh"


class Purger(Protocol):
    def purge(self, *, tags: list[str], paths: list[str]) -> None: ...


class NginxRefreshPurger:
    """Refresh each address in the shipped nginx front cache (deploy/nginx/).

    nginx open source has no purge command (the third-party cache_purge module only
    deletes single keys), so a refresh is a GET with a secret header, from the
    machine itself, which nginx answers by bypassing its cache and storing the new
    page (`proxy_cache_bypass`). Readers never see a miss: the old page is served
    until the new one replaces it.
    """

    def __init__(self) -> None:
        self.base_url = settings.FRONT_CACHE_URL.rstrip("/")
        self.secret = settings.FRONT_CACHE_PURGE_SECRET
        self.host = settings.FRONT_CACHE_HOST

    def purge(self, *, tags: list[str], paths: list[str]) -> None:
        for path in paths:
            request = urllib.request.Request(  # noqa: S310 - our own front cache's address
                self.base_url + path, headers={REFRESH_HEADER: self.secret}
            )
            if self.host:
                request.add_header("Host", self.host)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    response.read()
            except OSError as error:
                logger.warning("Front cache refresh of %s failed: %s", path, error)


def front_cache_configured() -> bool:
    return bool(settings.FRONT_CACHE_PURGER)


def request_is_refresh(request: HttpRequest) -> bool:
    """A refresh from the purger: skip Django's page cache too, so it gets the new page."""
    secret = settings.FRONT_CACHE_PURGE_SECRET
    given = request.headers.get(REFRESH_HEADER)
    return bool(secret and given and hmac.compare_digest(given, secret))


@task
def front_cache_purge(tags: list[str]) -> None:
    purger: Purger = import_string(settings.FRONT_CACHE_PURGER)()
    purger.purge(tags=sorted(tags), paths=store.tag_paths(tags))


def pages_changed(tags: set[str] | list[str], *, purge_front: bool = True) -> None:
    """Drop every cached page carrying one of `tags`, once the change is committed.

    `purge_front=False` for changes that shared caches may pick up within their short
    lifetime (a campaign's member count), so a busy campaign does not purge the
    front cache at every new member.
    """
    tags = sorted(set(tags))

    def invalidate() -> None:
        store.tags_invalidate(tags)
        if purge_front and front_cache_configured():
            front_cache_purge.enqueue(tags)

    transaction.on_commit(invalidate)
