"""Back office: "Báo cáo định kỳ" under /quan-tri/bao-cao-dinh-ky/ and the dashboard panel
"Báo cáo sắp đến hạn" for unit staff."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from cchc.reports import commune_report_views, views
from cchc.reports.selectors import communes_for, due_for_user


@hooks.register("register_admin_urls")
def reports_urls() -> list:
    # Wagtail wraps these in its admin-access check (login, access_admin).
    return [
        path("bao-cao-dinh-ky/", views.index, name="reports_index"),
        path(
            "bao-cao-dinh-ky/gui/<int:unit_id>/<int:year>/<slug:kind>/",
            views.submit,
            name="reports_submit",
        ),
        path("bao-cao-dinh-ky/<int:report_id>/", views.detail, name="reports_detail"),
        path(
            "bao-cao-dinh-ky/tep/<int:attachment_id>/",
            views.attachment,
            name="reports_attachment",
        ),
        path("bao-cao-dinh-ky/nhac/", views.remind, name="reports_remind"),
        path(
            "bao-cao-dinh-ky/bao-cao-xa/<int:commune_id>/<int:year>/<slug:kind>/",
            commune_report_views.draft,
            name="reports_commune_draft",
        ),
        path(
            "bao-cao-dinh-ky/bao-cao-xa/<int:commune_id>/<int:year>/<slug:kind>/tai-ve/",
            commune_report_views.export,
            name="reports_commune_export",
        ),
    ]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(communes_for(request.user))


@hooks.register("register_admin_menu_item")
def reports_menu_item() -> MenuItem:
    return ReportsMenuItem(
        "Báo cáo định kỳ", reverse("reports_index"), icon_name="doc-full", order=170
    )


class DueReportsPanel(Component):
    """Admin home, for unit staff: their units' reports due within 15 days or overdue."""

    name = "cchc_reports_due"
    order = 60

    def __init__(self, items: list) -> None:
        self.items = items

    def render_html(self, parent_context=None) -> str:
        return render_to_string("reports/panel.html", {"items": self.items})


@hooks.register("construct_homepage_panels")
def add_due_reports_panel(request: HttpRequest, panels: list) -> None:
    items = due_for_user(request.user, timezone.localdate())
    if items:
        panels.append(DueReportsPanel(items))
