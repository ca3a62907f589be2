"""Read-side helpers for tenants."""

from __future__ import annotations

from django.core.cache import cache
from wagtail.models import Site

from cchc.communes.models import Commune

_CACHE_PREFIX = "cchc:host:"
_CACHE_SECONDS = 60


def commune_for_hostname(hostname: str) -> Commune | None:
    """The commune served at this host name, or None when no Site matches it exactly.

    Wagtail's own lookup falls back to a default site; a host that names no commune must get a
    404 instead, so only exact host-name matches count here.
    """
    hostname = hostname.lower().rstrip(".")
    key = _CACHE_PREFIX + hostname
    commune_id = cache.get(key)
    if commune_id is None:
        site = Site.objects.filter(hostname=hostname).only("root_page_id").first()
        commune = (
            Commune.objects.filter(root_page_id=site.root_page_id).only("id").first()
            if site
            else None
        )
        commune_id = commune.id if commune else 0
        cache.set(key, commune_id, _CACHE_SECONDS)
    if not commune_id:
        return None
    return Commune.objects.select_related("province", "root_page").get(id=commune_id)


def forget_hostnames() -> None:
    """Drop cached host lookups (after a Site or Commune changes)."""
    for site in Site.objects.all():
        cache.delete(_CACHE_PREFIX + site.hostname.lower())


def communes_for_user(user) -> list[Commune]:
    """Communes whose back office this user may act in (province officers: their province)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Commune.objects.all())
    ids = set()
    for m in user.memberships.all():
        if m.commune_id:
            ids.add(m.commune_id)
        if m.province_id:
            in_province = Commune.objects.filter(province_id=m.province_id)
            ids.update(in_province.values_list("id", flat=True))
    return list(Commune.objects.filter(id__in=ids))
