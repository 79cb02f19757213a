from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .redirects import Redirect, legacy_root_addresses, redirect_path_normalise


class RejectNulCharactersMiddleware:
    """Answer 400 to a query string or form field carrying a NUL character.

    No text a reader or editor types contains one (Django's form fields refuse it
    too), but a view that reads a raw parameter into a query (a slug, a search)
    would pass it to PostgreSQL, which cannot compare or store NUL in text and
    raises: a server error from one stray byte. Refusing it here, once, covers
    every view, including those written later.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_nul(request):
            return HttpResponseBadRequest(
                "The request contains a NUL character.", content_type="text/plain"
            )
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path:
            return True
        parameters = [request.GET]
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            parameters.append(request.POST)
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for query in parameters
            for key, values in query.lists()
        )


class StaffMFAMiddleware:
    """Send staff without two-factor authentication to set it up before the admin.

    Editors can publish to the whole readership and see members' details, so a
    stolen password alone must not be enough. Controlled by STAFF_MFA_REQUIRED.
    The article preview shows unpublished work to staff only, so it sits behind the
    same step: the views are matched by name, not by address prefix, so a moved
    route cannot slip out from under it.
    """

    PROTECTED_VIEWS = {"articles:preview"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not (
            settings.STAFF_MFA_REQUIRED
            and request.user.is_authenticated
            and request.user.is_staff
            and self._protected(request)
            and not is_mfa_enabled(request.user)
        ):
            return None
        messages.warning(request, "Set up two-factor authentication to use the newsroom admin.")
        return redirect("mfa_activate_totp")

    def _protected(self, request: HttpRequest) -> bool:
        match = request.resolver_match
        if match is None:
            return False
        return "admin" in match.namespaces or match.view_name in self.PROTECTED_VIEWS


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


class EditionLanguageMiddleware:
    """Activate the edition's language from the URL (`/uk/...`), English elsewhere.

    Replaces Django's LocaleMiddleware, which falls back to the cookie and the
    Accept-Language header and adds `Vary: Accept-Language` to every page without a
    language prefix (all English pages): that would split shared caches by browser
    language for pages whose content never depends on it. The admin, which is
    private and never cached, follows the editor's account or browser language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        in_admin = request.path_info.startswith(reverse("admin:index"))
        if in_admin:
            language = translation.get_language_from_request(request)
        else:
            language = (
                translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
            )
        # Restored afterwards: the thread serves other requests (and, in tests, runs
        # other code) that must not inherit this request's language.
        with translation.override(language, deactivate=True):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if in_admin:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
