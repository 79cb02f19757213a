"""Which requests and responses are public, and the Cache-Control they carry."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Django's messages framework keeps an anonymous reader's one-off notices ("Thanks
# for subscribing") in this cookie: a request carrying it must reach Django.
MESSAGES_COOKIE = "messages"
SAFE_METHODS = ("GET", "HEAD")


def personal_cookies() -> tuple[str, ...]:
    """Cookies that make a response personal; the front cache bypasses on the same ones."""
    return (settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE)


def request_is_anonymous_reader(request: HttpRequest) -> bool:
    """A GET or HEAD with no session: the same page for everyone, so shareable.

    Decided from cookies alone, before sessions or users are loaded: a hit must not
    cost a session lookup.
    """
    return request.method in SAFE_METHODS and not any(
        name in request.COOKIES for name in personal_cookies()
    )


def public_page(view: Callable | None = None, *, tags: tuple[str, ...] = ()) -> Callable:
    """Mark a view whose anonymous responses any cache may share.

    `tags` are surrogate keys every response of the view carries (the view can add
    object-specific ones with `cache_tags_add`). Only anonymous readers' 200s are
    public; for anyone with a session the same view's response stays private.
    """

    def decorate(function: Callable) -> Callable:
        @wraps(function)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            cache_tags_add(request, *tags)
            request.page_is_public = True
            return function(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def cache_tags_add(request: HttpRequest, *tags: str) -> None:
    """Name what a page shows (`article-12`, `articles`, ...), so a change can drop it."""
    existing = getattr(request, "cache_tags", None)
    if existing is None:
        existing = request.cache_tags = set()
    existing.update(tags)


def public_cache_control(seconds: int) -> str:
    """Shared caches keep the page `seconds`; browsers revalidate (a cheap 304).

    stale-while-revalidate lets a cache answer at once while it refreshes, so a
    spike never waits on Django; stale-if-error keeps the site readable for a day
    while the application is down.
    """
    return (
        f"public, max-age=0, s-maxage={seconds}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.PAGE_CACHE_STALE_IF_ERROR}"
    )


def shared_seconds(tags: list[str]) -> int:
    """How long a shared cache may keep a public page carrying `tags`.

    While a campaign is featured, every page with the site's frame (tag `site`)
    shows its member count, which may lag by at most `CAMPAIGN_SECONDS`; otherwise
    purges keep pages fresh and the longer PAGE_CACHE_SECONDS applies. The banner
    has just read the featured campaign from the cache, so this costs no query.
    """
    from members.campaigns import banner

    if "site" in tags and banner.featured_summary() is not None:
        return min(banner.CAMPAIGN_SECONDS, settings.PAGE_CACHE_SECONDS)
    return settings.PAGE_CACHE_SECONDS


def response_is_shareable(response: HttpResponse) -> bool:
    """A complete 200 that sets no cookie and does not vary on anything but encoding."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Cache-Control"):
        return False  # the view decided (e.g. never_cache)
    varies = {
        value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()
    }
    return varies <= {"cookie", "accept-encoding"}
