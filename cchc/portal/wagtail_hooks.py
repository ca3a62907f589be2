"""Back-office rules for pages, images and documents: each commune sees only itself.

Wagtail's group permissions (cchc.communes.services.groups_ensure) already keep staff out of
other communes' trees and collections; these hooks are the second wall for listings and
choosers, and add the one rule permissions cannot express: unit editors see and edit only their
unit's article drafts.

That rule is also put into Wagtail's page permission policy (`UnitScopedPagePolicy`), because
Wagtail's page search, the filtered "all pages" listing, the reports and the home panels ask the
policy for explorable pages and call no hook. It is registered here, at import, before any view
asks the registry for the policy of pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from cchc.communes.services import (
    collection_for,
    other_units_drafts_hidden,
    page_editable_by,
    pages_visible_to,
    readable_communes,
    role_summary,
)


class UnitScopedPagePolicy(PagePermissionPolicy):
    """Wagtail's page policy, minus other units' drafts for unit editors."""

    def explorable_instances(self, user):
        return other_units_drafts_hidden(user, super().explorable_instances(user))


register_permission_policy(Page, UnitScopedPagePolicy(Page))


@hooks.register("construct_explorer_page_queryset")
def explorer_only_own_commune(parent_page, pages, request: HttpRequest):
    return pages_visible_to(request.user, pages)


@hooks.register("construct_page_chooser_queryset")
def chooser_only_own_commune(pages, request: HttpRequest):
    return pages_visible_to(request.user, pages)


def _in_own_collections(items, user):
    """Items in the user's communes' collections, sub-collections included."""
    if user.is_superuser:
        return items
    inside = Q(pk__in=[])
    for commune in readable_communes(user):
        inside |= Q(collection__path__startswith=collection_for(commune).path)
    return items.filter(inside)


@hooks.register("construct_image_chooser_queryset")
def image_chooser_only_own_commune(images, request: HttpRequest):
    return _in_own_collections(images, request.user)


@hooks.register("construct_document_chooser_queryset")
def document_chooser_only_own_commune(documents, request: HttpRequest):
    return _in_own_collections(documents, request.user)


@hooks.register("before_edit_page")
def unit_editors_edit_only_their_unit(request: HttpRequest, page) -> None:
    if not page_editable_by(request.user, page):
        raise PermissionDenied("Tin, bài này thuộc đơn vị khác.")


@hooks.register("before_delete_page")
def unit_editors_delete_only_their_unit(request: HttpRequest, page) -> None:
    if not page_editable_by(request.user, page):
        raise PermissionDenied("Tin, bài này thuộc đơn vị khác.")


class RolePanel(Component):
    """Admin home: what this user can do, in Vietnamese, per role and commune."""

    name = "cchc_roles"
    order = 50

    class Media:
        # A file, not style attributes: the back office's CSP refuses those (decision 0011).
        css = {"all": ["portal/admin.css"]}

    def __init__(self, lines: list[tuple[str, str]]) -> None:
        self.lines = lines

    def render_html(self, parent_context=None) -> str:
        items = format_html_join("", "<li><strong>{}</strong><br>{}</li>", self.lines)
        return format_html(
            '<section class="w-panel" aria-labelledby="cchc-roles-heading">'
            '<h2 id="cchc-roles-heading" class="w-panel__heading">Bạn có thể làm gì ở đây</h2>'
            '<ul class="cchc-roles">{}</ul></section>',
            items,
        )


@hooks.register("construct_homepage_panels")
def add_role_panel(request: HttpRequest, panels: list) -> None:
    lines = role_summary(request.user)
    if lines:
        panels.insert(0, RolePanel(lines))
