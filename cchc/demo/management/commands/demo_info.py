from __future__ import annotations

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
        out("Nhấn Ctrl-C để dừng.")
