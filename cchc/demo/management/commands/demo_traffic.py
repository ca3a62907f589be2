from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cchc.communes.models import Commune
from cchc.demo.services import DemoRefused
from cchc.demo.traffic import generate_demo_traffic


class Command(BaseCommand):
    help = (
        "Tạo lượt truy cập minh họa (mặc định một năm) qua đúng đường đếm thật, thay cho số "
        "liệu truy cập hiện có của các xã, phường minh họa."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=365, help="số ngày, tính đến hôm nay")
        parser.add_argument("--commune", help="mã (slug) của một xã, phường, ví dụ duc-tho")

    def handle(self, *args, days: int, commune: str | None, **options) -> None:
        if not 1 <= days <= 3660:
            raise CommandError("--days phải từ 1 đến 3660.")
        communes = None
        if commune:
            found = Commune.objects.filter(slug=commune).first()
            if found is None:
                raise CommandError(f"Không có xã, phường “{commune}”.")
            communes = [found]
        try:
            generate_demo_traffic(communes, days=days, replace=True, report=self.stdout.write)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
