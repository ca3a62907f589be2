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

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context(request, *args, **kwargs)  # type: ignore[misc]
        context["crumbs"] = self.crumbs(request)
        return context

    def crumbs(self, request) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
        """(title, URL) of the ancestors under the site root and above this page, for the
        breadcrumbs; the same for every child of a parent, so kept once per parent and
        commune (cchc.pages.fragments) instead of an ancestor query per render."""
        from cchc.pages.fragments import request_fragment

        if (self.depth or 0) <= 2:  # type: ignore[attr-defined]
            return []

        def compute() -> list[tuple[str, str]]:
            ancestors = self.get_ancestors()[1:]  # type: ignore[attr-defined]
            return [(a.title, a.get_url(request)) for a in ancestors]

        parent_path = self.path[: -self.steplen]  # type: ignore[attr-defined]
        return request_fragment(request, f"crumbs:{parent_path}", compute)

    def get_view_restrictions(self):  # type: ignore[no-untyped-def]
        if not view_restrictions_exist():
            from wagtail.models import PageViewRestriction

            return PageViewRestriction.objects.none()  # a real queryset, and no query
        return super().get_view_restrictions()  # type: ignore[misc]
