"""Absolute links to public pages built from the request's scheme and port.

A commune's Wagtail Site is registered with the default port (80): the same record serves
http://duc-tho.localhost:8000/ in the demo and https://… behind a proxy in production (Wagtail
finds a site by host name alone when no port matches). Wagtail's absolute links, though, come
from Site.root_url — "http://duc-tho.localhost" — so "Xem trang đang hiển thị", the links of the
statistics and any other absolute address dropped the demo's :8000 (and would say http behind
an HTTPS proxy). Here the scheme and port come from the request being served instead, when
the Site itself names no particular port (docs/decisions/0014).

Wagtail builds many of these links without the request (`page.url`, `page.full_url` in the
admin's listing and messages), so a small middleware keeps the current request in a context
variable for the duration of the response.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port

__all__ = ["CurrentRequestMiddleware", "RequestPortLinksMixin", "current_request", "root_url_for"]

_current: ContextVar[HttpRequest | None] = ContextVar("cchc_current_request", default=None)
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def current_request() -> HttpRequest | None:
    return _current.get()


class CurrentRequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def root_url_for(root_url: str, request: HttpRequest | None = None) -> str:
    """A Site's root URL ("http://duc-tho.localhost") with the request's scheme and port.

    A Site registered with an explicit non-default port keeps its own root URL; without a
    request (background tasks), Wagtail's root URL is returned unchanged.
    """
    request = request if request is not None else current_request()
    if request is None or not root_url:
        return root_url
    parts = urlsplit(root_url)
    if parts.port not in (None, 80, 443) or not parts.hostname:
        return root_url
    try:
        _host, port = split_domain_port(request.get_host())
    except Exception:  # DisallowedHost: the request's host is not ours to echo
        return root_url
    scheme = request.scheme or "http"
    port = port or _DEFAULT_PORTS.get(scheme, "")
    suffix = "" if port == _DEFAULT_PORTS.get(scheme) else f":{port}"
    return f"{scheme}://{parts.hostname}{suffix}"


class RequestPortLinksMixin:
    """For page models: absolute page URLs carry the current request's scheme and port."""

    def get_url_parts(self, request: HttpRequest | None = None) -> Any:
        parts = super().get_url_parts(request)  # type: ignore[misc]
        if parts is None:
            return None
        site_id, root_url, page_path = parts
        return site_id, root_url_for(root_url, request), page_path
