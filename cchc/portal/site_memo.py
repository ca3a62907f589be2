"""A per-process memo of Wagtail's Site lookup for the request (private Wagtail internals).

Wagtail's Site.find_for_request() runs its host/port/default matching query on every request
and keeps the answer on `request._wagtail_site`; the memo fills that same slot with the answer
Wagtail itself gave earlier for this host, as long as no Site (or a site's home page) changed
since: cchc.pages.cache keeps the memo's generation in the shared cache, so a change is seen by
every process at once. Used by the page-cache middleware on a miss (a hit needs no Site).

Kept, measured (decision 0026): without it every uncached render asks one more query and
spends 2-4 ms more CPU on the bench data (in-process, same run, loaded machine: home 6.8-7.4
→ 8.9-11.8 ms, article 8.3-12.5 → 11.1-14.2 ms, procedure list 11.1-11.9 → 13.5-15.3 ms);
Wagtail offers no public way to hand it the Site it already found.
"""

from __future__ import annotations

import copy
from typing import Any

from django.http import HttpRequest

from cchc.pages.cache import sites_generation

_SITES: dict[str, tuple[int, Any]] = {}  # host -> (sites generation, Site), per process
_SITES_MAX = 1000


def _fresh_copy(site: Any) -> Any:
    """A per-request copy: no page object (nor its cached `.specific`) is shared between
    requests or threads, so nothing one request sets on it can leak into another."""
    if site is None:
        return None
    root = site._state.fields_cache.get("root_page")
    site = copy.copy(site)
    site._state = copy.copy(site._state)
    site._state.fields_cache = {}
    if root is not None:  # keep the joined root page (its plain fields), not what hangs on it
        root = copy.copy(root)
        for cached in ("specific", "specific_deferred"):
            root.__dict__.pop(cached, None)
        root._state = copy.copy(root._state)
        root._state.fields_cache = {}
        site._state.fields_cache["root_page"] = root
    return site


def prime_wagtail_site(request: HttpRequest) -> None:
    """Give Wagtail the request's Site from a per-process memo instead of a query.

    Wagtail's Site.find_for_request() runs its host/port/default matching query on every
    request and keeps the answer on `request._wagtail_site`; the memo fills that same slot
    with the answer Wagtail itself gave earlier for this host, as long as no Site (or a
    site's home page) changed since.
    """
    from wagtail.models import Site

    if hasattr(request, "_wagtail_site"):
        return
    host = f"{request.get_host().lower()}:{request.get_port()}"
    generation_now = sites_generation()
    memo = _SITES.get(host)
    if memo is not None and memo[0] == generation_now:
        request._wagtail_site = _fresh_copy(memo[1])
        return
    site = Site._find_for_request(request)
    if len(_SITES) >= _SITES_MAX:
        _SITES.clear()
    _SITES[host] = (generation_now, _fresh_copy(site))
    request._wagtail_site = site
