"""Whole-page cache of the public portal, invalidated by a per-commune generation number.

Anonymous visitors make almost all of a commune portal's traffic and see the same bytes, so
the rendered response is kept in Django's cache under a key made of

    commune id + the commune's *generation* + language + host + path + query string.

Whenever anything a commune's pages show changes (a page published, unpublished, moved or
deleted; a procedure saved, deleted or bulk-imported; the commune, its units, the shared
topics, images or documents), the commune's generation is bumped. Old entries are then simply
never asked for again and expire with their TTL, so no key listing or pattern deletion is
needed, which works the same on the file, local-memory and Redis backends.

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

import copy
import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, InvalidCacheBackendError, cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

_GEN_PREFIX = "cchc:pc:gen:"
_PAGE_PREFIX = "cchc:pc:page:"
# Generations never expire on their own; an evicted one restarts from a new unique value.
_GEN_TIMEOUT = None

# Never cached, whatever the response says: back office, documents (served with their own
# privacy checks) and the JSON API (as-you-type queries would flood the cache).
UNCACHED_PREFIXES = ("/quan-tri/", "/admin/", "/tai-lieu/", "/api/", "/static/", "/media/")
# Vary headers the key already covers (language), or that are safe to ignore: Cookie only
# varies for visitors with a session, who are never served from or stored in the cache.
_HARMLESS_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})
_UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")
# Page fields written when an editor only saves a draft, locks or comments: no live change.
_DRAFT_ONLY_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "comments",
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
    }
)
_HEADERS_NOT_STORED = frozenset({"x-cache", "set-cookie"})


def _timeout() -> int:
    return int(getattr(settings, "CCHC_PAGE_CACHE_SECONDS", 0) or 0)


def _page_store() -> BaseCache:
    try:
        return caches["pages"]
    except InvalidCacheBackendError:
        return cache


def _generation_key(commune_id: int) -> str:
    return f"{_GEN_PREFIX}{commune_id}"


def generation(commune_id: int) -> int:
    """The current generation of a commune's pages (created on first use)."""
    key = _generation_key(commune_id)
    value = cache.get(key)
    if value is None:
        # A fresh, never-before-used value: if the key was evicted, entries stored under the
        # old value must not come back to life.
        value = time.time_ns()
        if not cache.add(key, value, _GEN_TIMEOUT):
            value = cache.get(key, value)
    return int(value)


def _bump_now(commune_ids: Iterable[int]) -> None:
    for commune_id in set(commune_ids):
        key = _generation_key(commune_id)
        try:
            cache.incr(key)
        except ValueError:  # missing: start from a new unique value instead
            cache.set(key, time.time_ns(), _GEN_TIMEOUT)


def invalidate_communes(commune_ids: Iterable[int]) -> None:
    """Drop the cached pages of these communes (public API for other apps, e.g. search).

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
    """The commune whose tree holds this page: its ancestor at depth 2 is a commune's home."""
    from cchc.communes.models import Commune

    if not page.path:
        return []
    if page.depth is not None and page.depth < 2:
        return list(Commune.objects.values_list("id", flat=True))
    home_path = page.path[: 2 * Page.steplen]
    return list(Commune.objects.filter(root_page__path=home_path).values_list("id", flat=True))


def invalidate_page(page: Page) -> None:
    invalidate_communes(communes_of_page(page))
    if page.depth is not None and page.depth <= 2:
        _bump_sites()  # a site's home page: the memoised Site holds it


# --- cheaper Wagtail look-ups ------------------------------------------------------------
# Not page caching, but the same idea for the two look-ups Wagtail repeats on every request;
# both are validated by a shared-cache entry so a change is seen by every process at once.

_RESTRICTIONS_KEY = "cchc:pc:view-restrictions"
_SITES_KEY = "cchc:pc:sites"
_SITES: dict[str, tuple[int, Any]] = {}  # host -> (sites generation, Site), per process
_SITES_MAX = 1000


def view_restrictions_exist() -> bool:
    """Whether any page anywhere has a view restriction (password, login, groups).

    Most portals restrict nothing; Wagtail still spends two queries a request to find that
    out for the page and its ancestors. PublicPageMixin skips them while this is False.
    """
    from wagtail.models import PageViewRestriction

    exists = cache.get(_RESTRICTIONS_KEY)
    if exists is None:
        exists = PageViewRestriction.objects.exists()
        cache.set(_RESTRICTIONS_KEY, exists, None)
    return bool(exists)


def _forget_view_restrictions() -> None:
    cache.delete(_RESTRICTIONS_KEY)


class PublicPageMixin:
    """For page models: no view-restriction queries while no page has a restriction, and the
    response tagged with what it shows, for visit counting (cchc.analytics.tagging).

    Put it before RoutablePageMixin in the bases: that mixin's serve() calls a routed view
    directly, so a serve() after it in the MRO would never run for routed pages.
    """

    def serve(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        from cchc.analytics.tagging import tag_response

        response = super().serve(request, *args, **kwargs)  # type: ignore[misc]
        return tag_response(response, request, self)

    def get_view_restrictions(self):  # type: ignore[no-untyped-def]
        if not view_restrictions_exist():
            from wagtail.models import PageViewRestriction

            return PageViewRestriction.objects.none()  # a real queryset, and no query
        return super().get_view_restrictions()  # type: ignore[misc]


def _sites_generation() -> int:
    value = cache.get(_SITES_KEY)
    if value is None:
        value = time.time_ns()
        if not cache.add(_SITES_KEY, value, _GEN_TIMEOUT):
            value = cache.get(_SITES_KEY, value)
    return int(value)


def _bump_sites() -> None:
    cache.set(_SITES_KEY, time.time_ns(), _GEN_TIMEOUT)


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
    generation_now = _sites_generation()
    memo = _SITES.get(host)
    if memo is not None and memo[0] == generation_now:
        request._wagtail_site = _fresh_copy(memo[1])
        return
    site = Site._find_for_request(request)
    if len(_SITES) >= _SITES_MAX:
        _SITES.clear()
    _SITES[host] = (generation_now, _fresh_copy(site))
    request._wagtail_site = site


# --- middleware --------------------------------------------------------------------------


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


# --- invalidation ------------------------------------------------------------------------
# Connected when the portal app is ready (apps.py imports this module), so that management
# commands and task workers, which never load the middleware, invalidate too.


@receiver(page_published)
@receiver(page_unpublished)
def _on_publish_change(sender: Any, instance: Page, **kwargs: Any) -> None:
    invalidate_page(instance)


@receiver(post_page_move)
def _on_page_move(
    sender: Any, instance: Page, parent_page_before: Page, parent_page_after: Page, **kwargs: Any
) -> None:
    # A move may cross communes: both the old and the new tree change.
    invalidate_communes(communes_of_page(parent_page_before) + communes_of_page(instance))


@receiver(post_delete, sender=Page)
def _on_page_delete(sender: Any, instance: Page, **kwargs: Any) -> None:
    invalidate_page(instance)


@receiver(post_save)
def _on_page_save(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    # Live pages saved outside publish() (scripts, add_child of a live page, a bulk fix) change
    # what visitors see; draft saves, locks and comments do not.
    if not isinstance(instance, Page) or not instance.live:
        return
    if update_fields is not None and set(update_fields) <= _DRAFT_ONLY_FIELDS:
        return
    invalidate_page(instance)


def _connect_procedure_signals() -> None:
    from cchc.procedures.models import Procedure, ProcedureStatusChange
    from cchc.procedures.signals import procedures_changed

    def on_procedure(sender: Any, instance: Procedure, **kwargs: Any) -> None:
        invalidate_communes([instance.commune_id])

    def on_status_change(sender: Any, instance: ProcedureStatusChange, **kwargs: Any) -> None:
        commune_id = (
            Procedure.objects.filter(id=instance.procedure_id)
            .values_list("commune_id", flat=True)
            .first()
        )
        invalidate_communes([commune_id] if commune_id else [])

    def on_bulk(sender: Any, commune: Any = None, **kwargs: Any) -> None:
        if commune is None:
            invalidate_all()
        else:
            invalidate_communes([getattr(commune, "id", commune)])

    for signal in (post_save, post_delete):
        signal.connect(on_procedure, sender=Procedure, dispatch_uid="cchc_pc_procedure", weak=False)
        signal.connect(
            on_status_change, sender=ProcedureStatusChange, dispatch_uid="cchc_pc_psc", weak=False
        )
    procedures_changed.connect(on_bulk, dispatch_uid="cchc_pc_procedures_changed", weak=False)


def _connect_shared_signals() -> None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from cchc.communes.models import Commune, Unit
    from cchc.portal.models import Topic

    def on_commune(sender: Any, instance: Commune, **kwargs: Any) -> None:
        invalidate_communes([instance.id])  # name, address, phone are in every footer

    def on_unit(sender: Any, instance: Unit, **kwargs: Any) -> None:
        invalidate_communes([instance.commune_id])  # unit names appear on articles

    def on_shared(sender: Any, **kwargs: Any) -> None:
        # Topics are shared by all communes; images and documents are few and rarely change.
        invalidate_all()

    for signal in (post_save, post_delete):
        signal.connect(on_commune, sender=Commune, dispatch_uid="cchc_pc_commune", weak=False)
        signal.connect(on_unit, sender=Unit, dispatch_uid="cchc_pc_unit", weak=False)
        for model in (Topic, get_image_model(), get_document_model()):
            signal.connect(
                on_shared, sender=model, dispatch_uid=f"cchc_pc_{model._meta.label}", weak=False
            )


def _connect_wagtail_signals() -> None:
    from wagtail.models import PageViewRestriction, Site

    def on_site(sender: Any, **kwargs: Any) -> None:
        _bump_sites()
        transaction.on_commit(_bump_sites)
        invalidate_all()  # a host may now show another commune

    def on_restriction(sender: Any, instance: PageViewRestriction, **kwargs: Any) -> None:
        # A page just made private must stop being served from the cache at once.
        _forget_view_restrictions()
        transaction.on_commit(_forget_view_restrictions)
        page = Page.objects.filter(id=instance.page_id).first()
        if page is not None:
            invalidate_page(page)

    for signal in (post_save, post_delete):
        signal.connect(on_site, sender=Site, dispatch_uid="cchc_pc_site", weak=False)
        signal.connect(
            on_restriction,
            sender=PageViewRestriction,
            dispatch_uid="cchc_pc_restriction",
            weak=False,
        )


def connect_signals() -> None:
    """Called from PortalConfig.ready(). The receivers are closures: connected with weak=False
    or they would be garbage-collected as soon as this returns."""
    _connect_procedure_signals()
    _connect_shared_signals()
    _connect_wagtail_signals()
