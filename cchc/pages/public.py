"""The mixin every public page model carries: cheap view-restriction checks, tagged responses."""

from __future__ import annotations

from django.core.cache import cache

from cchc.pages.viewtag import tag_response

_RESTRICTIONS_KEY = "cchc:pc:view-restrictions"


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


def forget_view_restrictions() -> None:
    """Called when a restriction is saved or deleted (cchc.portal.invalidation)."""
    cache.delete(_RESTRICTIONS_KEY)


class PublicPageMixin:
    """For page models: no view-restriction queries while no page has a restriction, and the
    response tagged with what it shows, for visit counting (cchc.pages.viewtag).

    A page model declares `statistics_kind` (the kind of content it counts as: "article",
    "procedure_list", ...). Put the mixin before RoutablePageMixin in the bases: that mixin's
    serve() calls a routed view directly, so a serve() after it in the MRO would never run for
    routed pages.
    """

    statistics_kind: str = ""

    def serve(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().serve(request, *args, **kwargs)  # type: ignore[misc]
        return tag_response(response, request, self)

    def get_view_restrictions(self):  # type: ignore[no-untyped-def]
        if not view_restrictions_exist():
            from wagtail.models import PageViewRestriction

            return PageViewRestriction.objects.none()  # a real queryset, and no query
        return super().get_view_restrictions()  # type: ignore[misc]
