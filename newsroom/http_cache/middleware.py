import time
from collections.abc import Callable
from email.utils import formatdate

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

from . import policy, purge, store


class PageCacheMiddleware:
    """Serve anonymous readers from Django's page cache and mark what shared caches may keep.

    Sits above the session middleware: a hit never touches the session or the
    database, and on the way out it sees the final response, including the
    `Vary: Cookie` the session middleware adds whenever a template looked at the
    user. That header is dropped from public responses: they only ever go to
    requests without a session cookie, and front caches bypass on that cookie
    (deploy/nginx/), so varying on every other cookie (analytics, consent)
    would only split the cache. Everything not public is `private`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        anonymous = policy.request_is_anonymous_reader(request)
        refreshing = purge.request_is_refresh(request)
        if anonymous and settings.PAGE_CACHE_ENABLED and not refreshing:
            stored = store.page_get(request)
            if stored is not None:
                return self._respond_from(request, stored)

        response = self.get_response(request)
        if (
            anonymous
            and getattr(request, "page_is_public", False)
            and policy.response_is_shareable(response)
        ):
            return self._store(request, response)
        self._mark_private(request, response)
        return response

    def _store(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        tags = sorted(getattr(request, "cache_tags", ()))
        page = store.page_build(
            content=response.content,
            headers=response.headers,
            tags=tags,
            seconds=policy.shared_seconds(tags),
        )
        if settings.PAGE_CACHE_ENABLED and request.method == "GET":
            store.page_set(request, page)
            if purge.front_cache_configured():
                store.tag_paths_record(page.tags, request.get_full_path())
        self._public_headers(response, page)
        response["X-Page-Cache"] = "miss"
        return get_conditional_response(
            request, etag=page.etag, last_modified=int(page.stored_at), response=response
        )

    def _respond_from(self, request: HttpRequest, stored: store.StoredPage) -> HttpResponse:
        response = HttpResponse(stored.content)
        for name, value in stored.headers.items():
            response[name] = value
        response["Content-Length"] = str(len(stored.content))
        # What is left of the lifetime: a shared cache refreshing from Django's copy
        # must not keep it longer than Django would (the campaign count's lag).
        remaining = stored.seconds - int(time.time() - stored.stored_at)
        self._public_headers(response, stored, max(remaining, 0))
        response["X-Page-Cache"] = "hit"
        return get_conditional_response(
            request, etag=stored.etag, last_modified=int(stored.stored_at), response=response
        )

    @staticmethod
    def _public_headers(
        response: HttpResponse, stored: store.StoredPage, seconds: int | None = None
    ) -> None:
        response["Cache-Control"] = policy.public_cache_control(
            stored.seconds if seconds is None else seconds
        )
        response["ETag"] = stored.etag
        response["Last-Modified"] = formatdate(stored.stored_at, usegmt=True)
        if stored.tags:
            # Fastly and Varnish read Surrogate-Key (spaces), Cloudflare Cache-Tag (commas).
            response["Surrogate-Key"] = " ".join(stored.tags)
            response["Cache-Tag"] = ",".join(stored.tags)
        varies = [
            value.strip()
            for value in response.get("Vary", "").split(",")
            if value.strip() and value.strip().lower() != "cookie"
        ]
        if varies:
            response["Vary"] = ", ".join(varies)
        elif response.has_header("Vary"):
            del response["Vary"]

    @staticmethod
    def _mark_private(request: HttpRequest, response: HttpResponse) -> None:
        if response.has_header("Cache-Control"):
            return
        if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
            # Someone's own page (or one that sets their cookie): never kept anywhere.
            response["Cache-Control"] = "private, no-store"
        else:
            response["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Cookie",))
