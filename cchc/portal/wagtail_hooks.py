"""Back-office rules for pages, images and documents: each commune sees only itself, each unit
editor only their unit's drafts.

The rules live in cchc.communes.access and are put where Wagtail asks for permissions: the page
permission policy (`CommunePagePolicy`, registered here at import, before any view asks the
registry for the policy of pages), the per-page permission tester (`ArticlePage.permissions_for_
user`) and, for the few views that ask no policy, the page viewset, bulk actions and views of
cchc.portal.admin_views. Images and documents follow Wagtail's own collection policies (each
commune's groups hold permissions on its collection only).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from cchc.communes.access import CommunePagePolicy, pages_visible_to
from cchc.communes.role_text import role_summary

register_permission_policy(Page, CommunePagePolicy(Page))

# The review loop: the editor footer's actions and the "Bài cần sửa" dashboard panel (0019).
import cchc.portal.review.hooks  # noqa: E402, F401  - registers its hooks on import


@hooks.register("register_admin_viewset")
def register_page_viewset():
    # Replaces Wagtail's base page viewset (registered with order=-1 so that this one wins).
    from cchc.portal.admin_views import CommunePageViewSet

    return CommunePageViewSet()


def _register_bulk_actions() -> None:
    from cchc.portal.admin_views import BULK_ACTIONS

    for action in BULK_ACTIONS:
        # After Wagtail's own (order 0): the registry keeps the last class per action name.
        hooks.register("register_bulk_action", action, order=100)


_register_bulk_actions()


@hooks.register("construct_page_chooser_queryset")
def chooser_only_visible_pages(pages, request: HttpRequest):
    # The page chooser lists pages without asking the policy: narrow them to what it allows.
    return pages_visible_to(request.user, pages)


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


@hooks.register("insert_editor_js")
def autosave_guard_js() -> str:
    """Autosave keeps what was typed while a save was on its way (decision 0021); a static file,
    so the admin's `script-src 'self'` holds."""
    return format_html('<script src="{}"></script>', versioned_static("portal/autosave-guard.js"))
