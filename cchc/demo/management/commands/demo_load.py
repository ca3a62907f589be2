from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cchc.demo.services import DemoRefused, demo_load
from cchc.demo.traffic import generate_demo_traffic


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (5 xã, phường của các văn bản mẫu). Chạy lại không thay đổi gì."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-traffic", action="store_true", help="không tạo một năm lượt truy cập minh họa"
        )

    def handle(self, *args, no_traffic: bool = False, **options) -> None:
        try:
            communes = demo_load(report=self.stdout.write)
            if not no_traffic:
                # Communes that already have statistics keep them: a second run adds nothing.
                generate_demo_traffic(communes, report=self.stdout.write)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
