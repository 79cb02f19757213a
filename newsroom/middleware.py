from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.urls import reverse

from .redirects import Redirect, legacy_root_addresses, redirect_path_normalise


class StaffMFAMiddleware:
    """Send staff without two-factor authentication to set it up before the admin.

    Editors can publish to the whole readership and see members' details, so a
    stolen password alone must not be enough. Controlled by STAFF_MFA_REQUIRED.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.STAFF_MFA_REQUIRED
            and request.path.startswith(reverse("admin:index"))
            and request.user.is_authenticated
            and request.user.is_staff
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(request, "Set up two-factor authentication to use the newsroom admin.")
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class AdminScriptNonceMiddleware:
    """Allow nonce-carrying scripts on admin pages only (see SECURE_CSP_ADMIN).

    Must come after ContentSecurityPolicyMiddleware in MIDDLEWARE, so that its
    response hook runs first and the CSP middleware builds the header from this config.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(reverse("admin:index")) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return response


class RedirectFallbackMiddleware:
    """Answer old addresses with a 301 (see newsroom.redirects).

    Looked up only for a 404 (and for the root with a WordPress `?p=` style query),
    so pages that exist cost no query. Placed last in MIDDLEWARE so the 404 it sees
    is the view's own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            legacy = legacy_root_addresses(request.path, request.GET)
            if legacy:
                target = Redirect.objects.target_for(legacy)
                if target:
                    return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = redirect_path_normalise(request.path)
        candidates = [path]
        if path != "/":
            candidates.append(path[:-1] if path.endswith("/") else path + "/")
        target = Redirect.objects.target_for(candidates)
        if target and target != request.path:
            return HttpResponsePermanentRedirect(target)
        return response
