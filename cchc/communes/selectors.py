"""Read-side helpers for tenants."""

from __future__ import annotations

import time

from django.core.cache import cache
from wagtail.models import Page, Site

from cchc.communes.models import Commune

_CACHE_PREFIX = "cchc:host:"
_CACHE_SECONDS = 60
# Every public request needs its commune: keep it in process memory for a few seconds so the
# hot path costs no query and no cache round-trip. Other processes see a change within this time.
_LOCAL_SECONDS = 10.0
_local: dict[str, tuple[float, Commune | None]] = {}


def commune_for_hostname(hostname: str) -> Commune | None:
    """The commune served at this host name, or None when no Site matches it exactly.

    Wagtail's own lookup falls back to a default site; a host that names no commune must get a
    404 instead, so only exact host-name matches count here.
    """
    hostname = hostname.lower().rstrip(".")
    now = time.monotonic()
    hit = _local.get(hostname)
    if hit is not None and hit[0] > now:
        return hit[1]
    key = _CACHE_PREFIX + hostname
    commune = cache.get(key)
    if commune is None:
        site = Site.objects.filter(hostname=hostname).only("root_page_id").first()
        commune = (
            Commune.objects.select_related("province", "root_page")
            .filter(root_page_id=site.root_page_id)
            .first()
            if site
            else None
        )
        # False marks "no commune here" so unknown hosts are cached too.
        cache.set(key, commune or False, _CACHE_SECONDS)
    commune = commune or None
    if len(_local) > 10_000:  # unbounded host headers must not grow memory without limit
        _local.clear()
    _local[hostname] = (now + _LOCAL_SECONDS, commune)
    return commune


def forget_hostnames() -> None:
    """Drop cached host lookups (after a Site or Commune changes)."""
    _local.clear()
    for site in Site.objects.all():
        cache.delete(_CACHE_PREFIX + site.hostname.lower())


def commune_for_page(page: Page) -> Commune | None:
    """The commune whose page tree holds `page` (its home page is an ancestor or the page).

    One query on the indexed root-page path: the candidate homes are the prefixes of the
    page's own tree path, so no ancestor has to be loaded.
    """
    if not page.path:
        return None
    steplen = Page.steplen
    prefixes = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    return (
        Commune.objects.select_related("root_page", "province")
        .filter(root_page__path__in=prefixes)
        .first()
    )
