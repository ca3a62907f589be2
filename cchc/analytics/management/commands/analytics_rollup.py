from __future__ import annotations

from django.core.management.base import BaseCommand

from cchc.analytics.services import rollup_all


class Command(BaseCommand):
    help = "Tổng hợp số liệu truy cập theo ngày, tháng; xoá sự kiện thô quá hạn (chạy lại an toàn)."

    def handle(self, *args, **options) -> None:
        result = rollup_all()
        self.stdout.write(
            f"Đã tổng hợp {result['days']} ngày; xoá {result['views']} lượt xem thô, "
            f"{result['beacons']} tín hiệu, {result['salts']} muối cũ."
        )
