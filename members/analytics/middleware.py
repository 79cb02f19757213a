"""The beacon's short way through Django: answered before the site's middleware stack.

A beacon arrives for every page view, so it is the site's most frequent request by
far, and it needs none of what the stack does for pages: no session, user, language,
messages, CSRF token (see `beacon`), page cache or redirects. Going through all of
it cost more than the beacon's own work. This middleware, first in MIDDLEWARE,
hands beacon requests to a short chain of the security middleware only, so the
response carries the same security headers as every page (nosniff, referrer and
opener policies, CSP, X-Frame-Options, HSTS and the HTTPS redirect in production)
and, as nothing in the chain touches the session, never a cookie. Every other
request goes on down the stack untouched.
"""

from collections.abc import Callable
from functools import cached_property

from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.middleware.security import SecurityMiddleware

from newsroom.editions import edition_paths

from .beacon import beacon


def _chain(view: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """The security middleware around `view`, innermost last, as Django itself builds it."""
    handler = convert_exception_to_response(view)
    for middleware in (
        XFrameOptionsMiddleware,
        ContentSecurityPolicyMiddleware,
        SecurityMiddleware,
    ):
        handler = convert_exception_to_response(middleware(handler))
    return handler


class BeaconMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.beacon_response = _chain(beacon)

    @cached_property
    def beacon_paths(self) -> frozenset[str]:
        """The beacon's address in every edition ("/analytics/beacon/", "/uk/analytics/beacon/")."""
        return frozenset(edition_paths("members:analytics-beacon"))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in self.beacon_paths:
            return self.beacon_response(request)
        return self.get_response(request)
