from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cchc.demo.services import DemoRefused, demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa (5 xã, phường của các văn bản mẫu). Chạy lại không thay đổi gì."

    def handle(self, *args, **options) -> None:
        try:
            demo_load(report=self.stdout.write)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
