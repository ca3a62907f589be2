"""The back office of plans: the «Kế hoạch tuyên truyền» view set, and the page editor's entry.

The page editor's header menu offers «Gắn với kế hoạch tuyên truyền» on pages of a commune that
has a plan: the link is chosen there and stored by plans, so the portal knows nothing of plans.
"""

from __future__ import annotations

from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSet

from cchc.plans import admin_import, admin_views
from cchc.plans.permissions import may_read_any
from cchc.plans.services import items_for_page


class PlansMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_read_any(request.user)


class PlansViewSet(ViewSet):
    name = "plans"
    url_prefix = "ke-hoach-tuyen-truyen"
    icon = "list-ol"
    menu_label = "Kế hoạch tuyên truyền"
    menu_name = "ke-hoach-tuyen-truyen"
    menu_order = 260
    add_to_admin_menu = True
    menu_item_class = PlansMenuItem

    def get_urlpatterns(self) -> list:
        return [
            path("", admin_views.PlanIndexView.as_view(), name="index"),
            path("them/", admin_views.PlanFormView.as_view(), name="add"),
            path("nhap/", admin_import.PlanImportView.as_view(), name="import"),
            path("nhap/don-vi/", admin_import.UnitMappingView.as_view(), name="import_units"),
            path("<int:plan_id>/", admin_views.PlanDetailView.as_view(), name="detail"),
            path("<int:plan_id>/sua/", admin_views.PlanFormView.as_view(), name="edit"),
            path("<int:plan_id>/xoa/", admin_views.PlanDeleteView.as_view(), name="delete"),
            path("<int:plan_id>/xuat/<str:fmt>/", admin_views.plan_export, name="export"),
            path(
                "<int:plan_id>/nhiem-vu/them/", admin_views.ItemFormView.as_view(), name="item_add"
            ),
            path(
                "nhiem-vu/<int:item_id>/sua/", admin_views.ItemFormView.as_view(), name="item_edit"
            ),
            path(
                "nhiem-vu/<int:item_id>/xoa/",
                admin_views.ItemDeleteView.as_view(),
                name="item_delete",
            ),
            path("trang/<int:page_id>/", admin_import.PageItemsView.as_view(), name="page_items"),
        ]


@hooks.register("register_admin_viewset")
def register_plans() -> ViewSet:
    return PlansViewSet()


class PageItemsMenuItem(PageMenuItem):
    label = "Gắn với kế hoạch tuyên truyền"
    icon_name = "list-ol"
    url_name = "plans:page_items"
    priority = 45

    def is_shown(self, user) -> bool:
        return (
            self.page.permissions_for_user(user).can_edit() and items_for_page(self.page).exists()
        )


@hooks.register("register_page_header_buttons")
def page_items_button(page, user, view_name, next_url=None):
    if view_name == "edit":
        yield PageItemsMenuItem(page=page)
