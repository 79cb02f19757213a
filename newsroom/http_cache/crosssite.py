"""Cross-site protection for the forms on cached pages, without a per-reader token.

A cached page is the same for every reader, so it cannot carry a CSRF token
(Django's token is per reader, and asking for one sets a cookie, which makes the
page uncacheable). The forms on such pages (newsletter signup, hiding the campaign
banner) are instead checked by where the browser says the POST came from:

- `Sec-Fetch-Site` (every current browser sends it): only `same-origin` passes;
- otherwise `Origin` (older browsers send it on every POST): it must be this site
  or one of CSRF_TRUSTED_ORIGINS;
- a POST with neither is refused: no browser we support omits both.

This is the check Django's CSRF middleware does on Origin, made the whole rule.
The forms' actions are harmless to replay (a double opt-in signup, hiding a
banner), so a same-origin check is enough.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt


def request_is_same_origin(request: HttpRequest) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    parts = urlsplit(origin)
    return parts.scheme == request.scheme and parts.netloc == request.get_host()


def same_origin_post(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Accept POSTs to `view` only from this site's own pages (see the module docstring)."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Django's test client asks for no CSRF checks unless a test enforces them;
        # honour the same switch so tests of the form itself need no headers.
        enforced = not getattr(request, "_dont_enforce_csrf_checks", False)
        if request.method == "POST" and enforced and not request_is_same_origin(request):
            return render(request, "403_cross_site.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped
