"""Parts of a commune's pages that change rarely, kept per process under the commune's generation.

With the whole-page cache off, or on a miss, a page still asks the database the same few
questions on every render: which sub-sections the reform section has, the latest articles,
the latest procedure decisions, the procedure fields, how many procedures there are. On the
bench's 10,000 articles and 10,000 procedures those queries, and the ORM work of building
them, were the largest part of an uncached render (docs/decisions/0026-uncached-render.md).

Their answers are kept in the per-process `pages` cache (cchc.portal.cache's store) under a key
holding the commune's page-cache generation (cchc.pages.cache): whatever bumps the generation
(a page published, a procedure or its status changed, the commune, a topic...) makes every
fragment of that commune be computed again on its next use, in every process, exactly as for
whole pages. Nothing here depends on who asks, so a fragment is never personal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import BaseCache, InvalidCacheBackendError, cache, caches
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.functional import cached_property

from cchc.pages.cache import generation

T = TypeVar("T")

_PREFIX = "cchc:pc:frag:"
# A safety net only: a bump already makes old entries unreachable.
_TIMEOUT = 3600
_MISSING = object()


def _store() -> BaseCache:
    try:
        return caches["pages"]
    except InvalidCacheBackendError:
        return cache


def _generation(commune_id: int, request: HttpRequest | None) -> int:
    """The commune's generation, read once per request (one shared-cache read)."""
    if request is None:
        return generation(commune_id)
    seen: dict[int, int] = request.__dict__.setdefault("_cchc_generations", {})
    if commune_id not in seen:
        seen[commune_id] = generation(commune_id)
    return seen[commune_id]


def commune_fragment(
    commune_id: int,
    name: str,
    compute: Callable[[], T],
    request: HttpRequest | None = None,
    keep: Callable[[T], bool] | None = None,
) -> T:
    """`compute()`'s answer for this commune, computed again after the commune's next change.

    `name` must say everything the answer depends on besides the commune (e.g. the page id
    when one commune has several pages asking); the answer must be picklable and small.
    """
    key = f"{_PREFIX}{commune_id}:{_generation(commune_id, request)}:{name}"
    store = _store()
    value: Any = store.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        if keep is None or keep(value):
            store.set(key, value, _TIMEOUT)
    return value


class CountedPaginator(Paginator):
    """A Paginator told its count (kept as a fragment) instead of asking the database."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def request_fragment(
    request: HttpRequest | None,
    name: str,
    compute: Callable[[], T],
    keep: Callable[[T], bool] | None = None,
) -> T:
    """commune_fragment() for the request's commune; computed afresh without one (a page
    outside any commune's host) and in previews (a draft is shown, not what is live)."""
    commune = getattr(request, "commune", None)
    if commune is None or getattr(request, "is_preview", False):
        return compute()
    return commune_fragment(commune.id, name, compute, request, keep)
