from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from cchc.communes.models import Commune
from cchc.demo.content import DEMO_PASSWORD


class Command(BaseCommand):
    help = "In địa chỉ các xã, phường minh họa và tài khoản cán bộ minh họa."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port: int, **options) -> None:
        out = self.stdout.write
        out("")
        out("cchc đang chạy. Các xã, phường minh họa:")
        out(f"  http://127.0.0.1:{port}/")
        for commune in Commune.objects.select_related("province").order_by("id"):
            name = f"{commune.full_name}, {commune.province}"
            out(f"  http://{commune.slug}.localhost:{port}/   {name}")
        out("")
        out(f"Quản trị: http://127.0.0.1:{port}/quan-tri/")
        out(f"  điều phối viên xã Đức Thọ: dieuphoi / {DEMO_PASSWORD}")
        out(f"  biên tập viên (Trung tâm DVSNC): bientap / {DEMO_PASSWORD}")
        out(f"  quản trị hệ thống: admin / {DEMO_PASSWORD}")
        for line in sign_in_notes():
            out(line)
        out("Nhấn Ctrl-C để dừng.")


def sign_in_notes() -> list[str]:
    """What the demo logins need besides the password, and the lockout (decision 0010)."""
    if settings.CCHC_2FA_REQUIRED:
        second = [
            "  Xác thực hai lớp: BẬT (CCHC_2FA_REQUIRED=1). Quản trị hệ thống, điều phối viên,",
            "  lãnh đạo và cán bộ tỉnh phải đăng ký ứng dụng xác thực ở lần đăng nhập đầu.",
        ]
    else:
        second = [
            "  Xác thực hai lớp: không bắt buộc vì đang chạy minh họa (CCHC_DEMO=1); các tài khoản",
            "  trên đăng nhập chỉ bằng mật khẩu. Khi CCHC_DEMO=0, quản trị hệ thống và điều phối",
            "  viên phải nhập thêm mã xác thực (đăng ký ứng dụng ở lần đăng nhập đầu).",
        ]
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return [
        *second,
        f"  Nhập sai mật khẩu {settings.AXES_FAILURE_LIMIT} lần liên tiếp: tài khoản bị khóa đăng "
        f"nhập từ địa chỉ đó {minutes} phút",
        "  (quản trị hệ thống mở khóa ở Cài đặt → Khóa đăng nhập).",
    ]
