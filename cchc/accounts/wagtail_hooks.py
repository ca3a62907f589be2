"""Back office: the second-factor views under /quan-tri/xac-thuc/, the lockout list under
/quan-tri/khoa-dang-nhap/ (Settings menu, administrators only) and their audit-log actions."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from cchc.accounts import views


@hooks.register("register_admin_urls")
def accounts_urls() -> list:
    # Wagtail wraps these in its admin-access check (signed in, access_admin). No path arguments:
    # the ids the administrators' actions need travel in the query or the form.
    return [
        path("xac-thuc/", views.verify, name="accounts_2fa_verify"),
        path("xac-thuc/dang-ky/", views.enrol, name="accounts_2fa_enrol"),
        path("xac-thuc/thiet-bi/", views.devices, name="accounts_2fa_devices"),
        path("xac-thuc/ma-du-phong/", views.recovery_codes, name="accounts_2fa_recovery"),
        path("xac-thuc/go-bo/", views.devices_remove, name="accounts_2fa_remove"),
        path("xac-thuc/dat-lai/", views.devices_reset, name="accounts_2fa_reset"),
        path("khoa-dang-nhap/", views.lockouts, name="accounts_lockouts"),
    ]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def lockouts_menu_item() -> MenuItem:
    return SuperuserMenuItem(
        "Khóa đăng nhập", reverse("accounts_lockouts"), icon_name="lock", order=610
    )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request: HttpRequest) -> dict:
    return {
        "url": reverse("accounts_2fa_devices"),
        "label": "Xác thực hai lớp",
        "help_text": "Ứng dụng xác thực trên điện thoại và mã dự phòng khi đăng nhập.",
    }


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            "Đặt lại xác thực hai lớp",
            f"{reverse('accounts_2fa_reset')}?user={user.pk}",
            icon_name="key",
            priority=100,
        )


@hooks.register("register_log_actions")
def accounts_log_actions(actions) -> None:
    @actions.register_action(views.UNLOCK)
    class Unlock(LogFormatter):
        label = "Mở khóa đăng nhập"

        def format_message(self, log_entry) -> str:
            data = log_entry.data or {}
            return f"Mở khóa đăng nhập cho «{data.get('username', '')}» từ {data.get('ip_address')}"

    @actions.register_action(views.RESET)
    class Reset(LogFormatter):
        label = "Đặt lại xác thực hai lớp"
        message = "Đặt lại xác thực hai lớp (gỡ ứng dụng xác thực và mã dự phòng)"


# Issue 10 (privacy): initials avatars drawn here instead of Gravatar or one grey silhouette.
@hooks.register("get_avatar_url")
def initials_avatar(user, size: int) -> str | None:
    from cchc.accounts.avatars import initials_avatar_url

    return initials_avatar_url(user, size)
