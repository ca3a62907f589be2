"""The help menu leads to the project's Vietnamese guides instead of Wagtail's English ones."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cchc.guides.guides import GUIDES
from cchc.guides.views import GuideView

# Wagtail's own help items: its English editor guide and release notes on guide.wagtail.org.
# "Shortcuts" stays: it opens Wagtail's keyboard-shortcuts dialog, which is translated.
WAGTAIL_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("register_admin_urls")
def guides_urls() -> list:
    # Inside Wagtail's admin-access check: any member of staff may read the guides.
    return [path("huong-dan/<slug:slug>/", GuideView.as_view(), name="guides_guide")]


def _guide_item(index: int):
    # Called when the menu is first built (first request), once the URLconf is loaded.
    guide = GUIDES[index]
    return lambda: MenuItem(
        guide.label, guide.url, name=f"guide-{guide.slug}", icon_name=guide.icon, order=100 + index
    )


for _index in range(len(GUIDES)):
    hooks.register("register_help_menu_item", _guide_item(_index))


@hooks.register("construct_help_menu")
def drop_wagtails_guides(request: HttpRequest, items: list) -> None:
    items[:] = [item for item in items if not item.name.startswith(WAGTAIL_ITEMS)]
