"""Generations of the whole-page cache: the one invalidation API every content app calls.

The rendered pages of a commune are stored (by cchc.portal.cache) under a key that holds the
commune's *generation*, a number in the shared `default` cache. Whatever changes what a
commune's pages show bumps that number (each app for its own data: cchc.portal.invalidation,
cchc.procedures.invalidation); old entries are then never asked for again and expire with their
TTL, so no key listing or pattern deletion is needed (decision 0006).

The Site memo of cchc.portal.site_memo has a generation of its own, bumped here too when a
site's home page changes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from wagtail.models import Page

from cchc.communes.selectors import commune_for_page

_GEN_PREFIX = "cchc:pc:gen:"
_SITES_KEY = "cchc:pc:sites"
# Generations never expire on their own; an evicted one restarts from a new unique value.
_GEN_TIMEOUT = None


def _generation_key(commune_id: int) -> str:
    return f"{_GEN_PREFIX}{commune_id}"


def _generation_of(key: str) -> int:
    value = cache.get(key)
    if value is None:
        # A fresh, never-before-used value: if the key was evicted, entries stored under the
        # old value must not come back to life.
        value = time.time_ns()
        if not cache.add(key, value, _GEN_TIMEOUT):
            value = cache.get(key, value)
    return int(value)


def generation(commune_id: int) -> int:
    """The current generation of a commune's pages (created on first use)."""
    return _generation_of(_generation_key(commune_id))


def _bump_now(commune_ids: Iterable[int]) -> None:
    for commune_id in set(commune_ids):
        key = _generation_key(commune_id)
        try:
            cache.incr(key)
        except ValueError:  # missing: start from a new unique value instead
            cache.set(key, time.time_ns(), _GEN_TIMEOUT)


def invalidate_communes(commune_ids: Iterable[int]) -> None:
    """Drop the cached pages of these communes (public API for every app).

    Bumped now and again after the surrounding transaction commits: a request that read the
    new generation before the commit may have rendered (and stored) the old data.
    """
    ids = [int(i) for i in commune_ids if i]
    if not ids:
        return
    _bump_now(ids)
    transaction.on_commit(lambda: _bump_now(ids))


def invalidate_all() -> None:
    from cchc.communes.models import Commune

    invalidate_communes(Commune.objects.values_list("id", flat=True))


def communes_of_page(page: Page) -> list[int]:
    """The commune whose tree holds this page; every commune for the tree's root."""
    from cchc.communes.models import Commune

    if not page.path:
        return []
    if page.depth is not None and page.depth < 2:
        return list(Commune.objects.values_list("id", flat=True))
    commune = commune_for_page(page)
    return [commune.id] if commune is not None else []


def invalidate_page(page: Page) -> None:
    invalidate_communes(communes_of_page(page))
    if page.depth is not None and page.depth <= 2:
        bump_sites()  # a site's home page: the memoised Site holds it


def sites_generation() -> int:
    """The generation of the Site memo (cchc.portal.site_memo)."""
    return _generation_of(_SITES_KEY)


def bump_sites() -> None:
    cache.set(_SITES_KEY, time.time_ns(), _GEN_TIMEOUT)
