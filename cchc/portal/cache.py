"""Whole-page cache of the public portal, invalidated by a per-commune generation number.

Anonymous visitors make almost all of a commune portal's traffic and see the same bytes, so
the rendered response is kept in Django's cache under a key made of

    commune id + the commune's *generation* + language + host + path + query string.

Whenever anything a commune's pages show changes (a page published, unpublished, moved or
deleted; a procedure saved, deleted or bulk-imported; the commune, its units, the shared
topics, images or documents), the commune's generation is bumped (cchc.pages.cache: the
generations; cchc.portal.invalidation and cchc.procedures.invalidation: who bumps them).
Old entries are then simply never asked for again and expire with their TTL, so no key
listing or pattern deletion is needed, which works the same on the file, local-memory and
Redis backends.

The generation lives in the shared `default` cache, so every process sees a bump at once.
The page bytes go to the `pages` cache alias when it is configured (settings use a per-process
local-memory cache without Redis: a hit then costs one shared-cache read instead of reading
a large file), otherwise to `default`.

Only responses that cannot depend on who asks are stored: GET of an anonymous visitor (no
session or messages cookie), status 200, not streaming, no Set-Cookie (this also excludes
every page that rendered a CSRF token: `get_token()` always makes the CSRF middleware send the
cookie), no `Cache-Control: private/no-cache/no-store` (Wagtail's password-restricted pages
send `never_cache`), and no Vary beyond Cookie/Accept-Language/Accept-Encoding. A `csrftoken`
cookie alone does not bypass the cache: stored pages never contain a token (see above), so
the cookie cannot change what is served.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, InvalidCacheBackendError, cache, caches
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re

from cchc.pages.cache import generation
from cchc.portal.site_memo import prime_wagtail_site

_PAGE_PREFIX = "cchc:pc:page:"

# Never cached, whatever the response says: back office, documents (served with their own
# privacy checks) and the JSON API (as-you-type queries would flood the cache).
UNCACHED_PREFIXES = ("/quan-tri/", "/admin/", "/tai-lieu/", "/api/", "/static/", "/media/")
# Vary headers the key already covers (language), or that are safe to ignore: Cookie only
# varies for visitors with a session, who are never served from or stored in the cache.
_HARMLESS_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})
_UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")
_HEADERS_NOT_STORED = frozenset({"x-cache", "set-cookie"})


def _timeout() -> int:
    return int(getattr(settings, "CCHC_PAGE_CACHE_SECONDS", 0) or 0)


def _page_store() -> BaseCache:
    try:
        return caches["pages"]
    except InvalidCacheBackendError:
        return cache


def _request_is_cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "commune", None) is None:
        return False
    if request.path.startswith(UNCACHED_PREFIXES):
        return False
    cookies = request.COOKIES
    # Logged-in users, password-restricted page visitors and previews all carry a session.
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _response_is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in _UNCACHEABLE_CONTROL):
        return False
    if response.has_header("Vary"):
        varies = {v.strip().lower() for v in cc_delim_re.split(response["Vary"]) if v.strip()}
        if "*" in varies or not varies <= _HARMLESS_VARY:
            return False
    return True


def _cache_key(request: HttpRequest, commune_id: int) -> str:
    language = translation.get_language_from_request(request)
    raw = f"{request.get_host()}\n{request.get_full_path()}".encode()
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    return f"{_PAGE_PREFIX}{commune_id}:{generation(commune_id)}:{language}:{digest}"


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD requests of public pages from the cache; `X-Cache: HIT|MISS`.

    Goes right after CommuneMiddleware (it needs `request.commune`) and before the session,
    CSRF and auth middleware, so a hit skips all of them and the view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = _timeout()
        if timeout <= 0 or not _request_is_cacheable(request):
            if getattr(request, "commune", None) is not None:
                prime_wagtail_site(request)
            response = self.get_response(request)
            response["X-Cache"] = "MISS"
            return response

        key = _cache_key(request, request.commune.id)
        store = _page_store()
        entry = store.get(key)
        if entry is not None:
            return _response_from_entry(request, entry)

        prime_wagtail_site(request)  # only now: a hit needs no Site
        response = self.get_response(request)
        if _response_is_storable(request, response):
            store.set(key, _entry_from_response(response), timeout)
        response["X-Cache"] = "MISS"
        return response


def _entry_from_response(response: HttpResponse) -> tuple[bytes, list[tuple[str, str]]]:
    headers = [(k, v) for k, v in response.items() if k.lower() not in _HEADERS_NOT_STORED]
    return response.content, headers


def _response_from_entry(request: HttpRequest, entry: Any) -> HttpResponse:
    content, headers = entry
    # HEAD gets the headers (with the GET's Content-Length) and no body.
    response = HttpResponse(b"" if request.method == "HEAD" else content, headers=headers)
    response["X-Cache"] = "HIT"
    return response
