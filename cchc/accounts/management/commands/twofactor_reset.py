"""`manage.py twofactor_reset <user name>`: forget a user's authenticator app and recovery codes.

For the case the back office cannot help: the only administrator lost the phone and the codes.
Whoever runs it has shell access to the server, which is already more than an administrator.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cchc.accounts import twofactor


class Command(BaseCommand):
    help = "Gỡ ứng dụng xác thực và mã dự phòng của một tài khoản (mất điện thoại)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản «{username}».")
        removed = twofactor.devices_remove(user)
        if not removed:
            self.stdout.write(f"«{username}» chưa đăng ký thiết bị nào.")
            return
        self.stdout.write(
            f"Đã gỡ xác thực hai lớp của «{username}». Lần đăng nhập sau, người này đăng ký lại "
            "ứng dụng xác thực (nếu vai trò bắt buộc)."
        )
