from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if in_admin:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
