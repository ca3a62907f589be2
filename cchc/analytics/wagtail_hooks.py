"""Back office: the statistics dashboard and exports under /quan-tri/thong-ke/.

Deliberately no viewset, snippet or form for the counts, the roll-ups or the export log:
nobody edits or deletes statistics from the back office (tests check no admin URL exists).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cchc.analytics import dashboard


@hooks.register("register_admin_urls")
def analytics_urls() -> list:
    # Wagtail wraps these in its admin-access check (login, access_admin).
    return [
        path("thong-ke/", dashboard.dashboard, name="analytics_dashboard"),
        path("thong-ke/so-sanh/", dashboard.compare, name="analytics_compare"),
        path("thong-ke/xuat/", dashboard.export_start, name="analytics_export"),
        path("thong-ke/xuat/<int:job_id>/", dashboard.export_job, name="analytics_export_job"),
        path(
            "thong-ke/xuat/<int:job_id>/tai-ve/",
            dashboard.export_download,
            name="analytics_export_download",
        ),
    ]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return dashboard.shows_menu(request.user)


@hooks.register("register_admin_menu_item")
def analytics_menu_item() -> MenuItem:
    return StatisticsMenuItem(
        "Thống kê truy cập", reverse("analytics_dashboard"), icon_name="table", order=160
    )
