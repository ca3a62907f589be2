"""Back office: «Chỉ số CCHC» under /quan-tri/chi-so-cchc/."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cchc.parindex import views


@hooks.register("register_admin_urls")
def parindex_urls() -> list:
    # Wagtail wraps these in its admin-access check (login, access_admin).
    return [
        path("chi-so-cchc/", views.index, name="parindex_index"),
        path("chi-so-cchc/ho-so/", views.pack_start, name="parindex_pack_start"),
        path("chi-so-cchc/ho-so/<int:job_id>/", views.pack_job, name="parindex_pack_job"),
        path(
            "chi-so-cchc/ho-so/<int:job_id>/tien-do/",
            views.pack_status,
            name="parindex_pack_status",
        ),
        path(
            "chi-so-cchc/ho-so/<int:job_id>/tai-ve/",
            views.pack_download,
            name="parindex_pack_download",
        ),
    ]


class ParIndexMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return views.shows_menu(request.user)


@hooks.register("register_admin_menu_item")
def parindex_menu_item() -> MenuItem:
    return ParIndexMenuItem("Chỉ số CCHC", reverse("parindex_index"), icon_name="tasks", order=175)
