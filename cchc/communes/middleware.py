"""Attach the commune of the request's host name; unknown hosts get a Vietnamese 404."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string

from cchc.communes.selectors import commune_for_hostname

# Paths that do not belong to a commune's public site.
_HOST_INDEPENDENT_PREFIXES = ("/static/", "/media/", "/healthz")


class CommuneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(_HOST_INDEPENDENT_PREFIXES):
            request.commune = None
            return self.get_response(request)
        request.commune = commune_for_hostname(request.get_host().split(":")[0])
        if request.commune is None:
            return HttpResponseNotFound(
                render_to_string(
                    "communes/unknown_host.html", {"host": request.get_host()}, request=None
                )
            )
        return self.get_response(request)
