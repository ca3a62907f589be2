"""Security headers: one Content-Security-Policy for the public site, another for the back office.

docs/decisions/0011-security-headers.md explains the choices. In short:

- Public pages get `settings.CONTENT_SECURITY_POLICY` (no inline script or style at all).
- Everything under the back-office prefix (`/quan-tri/`) gets
  `settings.CCHC_ADMIN_CONTENT_SECURITY_POLICY`, the tightest policy Wagtail's admin ran under
  without a violation when walked in Chromium.
- A response Wagtail itself marked `X-Frame-Options: SAMEORIGIN` (its preview views, meant for
  the editor's preview panel) may be framed by the same origin: `frame-ancestors 'self'` there,
  `'none'` everywhere else. Browsers that know CSP ignore X-Frame-Options when frame-ancestors
  is present, so the two must agree.
- The preview panel renders a public page through a *dummy* request that runs the whole
  middleware chain inside the real admin request (Wagtail's `make_preview_request`); that inner
  pass sets nothing, so the outer (admin) pass decides the header.
"""

from __future__ import annotations

from functools import cache

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse


@cache
def admin_prefix() -> str:
    """The back office's URL prefix, as routed (`/quan-tri/`)."""
    return reverse("wagtailadmin_home")


def _directives(setting: str) -> dict | None:
    policy = getattr(settings, setting, None)
    return dict(policy["DIRECTIVES"]) if policy else None


class PolicyByAreaMiddleware(CSPMiddleware):
    """django-csp's middleware choosing the policy by area (public site or back office)."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "is_dummy", False):
            # A preview's inner pass: the outer admin request sets the header (see above).
            return response
        return super().process_response(request, response)

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        suffix = "_REPORT_ONLY" if report_only else ""
        if parts.config is None:
            area = "CCHC_ADMIN_" if request.path_info.startswith(admin_prefix()) else ""
            # Never None here: None would make django-csp fall back to the public policy.
            parts.config = _directives(f"{area}CONTENT_SECURITY_POLICY{suffix}") or {}
        if parts.config and response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts
