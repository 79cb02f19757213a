from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


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
