"""The back office asks for the second factor (decision 0010).

Installed right after AuthenticationMiddleware, in place of django-otp's OTPMiddleware (which it
extends: request.user.otp_device and request.user.is_verified() come from there).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve, reverse
from django_otp.middleware import OTPMiddleware

from cchc.accounts import twofactor

# Reachable by a signed-in user who has not passed the second factor yet.
ALWAYS_ALLOWED = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "accounts_2fa_verify",
    }
)
# Reachable too by a user who must enrol and has no device yet.
ENROLMENT = frozenset({"accounts_2fa_enrol"})


class TwoFactorMiddleware(OTPMiddleware):
    """Unverified staff are sent to the code prompt (or, without a device, to enrolment when
    their role requires one) before any other back-office view.

    Only paths under the back office are judged: public pages, the page cache and the APIs are
    not slowed down, and a staff member browsing the public site is not interrupted.
    """

    sync_capable = True
    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self._install_lazy_accessors(request)
        response = self._second_factor_redirect(request)
        if response is not None:
            return response
        return self.get_response(request)

    def _second_factor_redirect(self, request: HttpRequest) -> HttpResponse | None:
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            return None  # the admin's own 404 page; nothing behind it
        if url_name in ALWAYS_ALLOWED:
            return None
        if twofactor.has_device(user):
            return redirect_to_login(
                request.get_full_path(), login_url=reverse("accounts_2fa_verify")
            )
        if url_name in ENROLMENT or not twofactor.required_for(user):
            return None
        return redirect_to_login(request.get_full_path(), login_url=reverse("accounts_2fa_enrol"))
