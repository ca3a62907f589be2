"""The review loop's Wagtail hooks (imported by cchc.portal.wagtail_hooks)."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail import hooks

from cchc.portal.review.menu import review_menu
from cchc.portal.review.panels import NeedsChangesPanel

hooks.register("construct_page_action_menu", review_menu)


@hooks.register("construct_homepage_panels")
def add_needs_changes_panel(request: HttpRequest, panels: list) -> None:
    panels.append(NeedsChangesPanel(request.user))
