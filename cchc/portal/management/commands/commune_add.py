from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from cchc.communes.services import CommuneSpec
from cchc.communes.units2025 import unit_by_code
from cchc.portal.provisioning import commune_create


class Command(BaseCommand):
    help = (
        "Thêm một xã, phường, đặc khu theo mã đơn vị hành chính năm 2025, với trang chủ, "
        "chuyên mục Cải cách hành chính và tên miền riêng."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("code", type=int, help="mã đơn vị hành chính 2025, ví dụ 18229")
        parser.add_argument("--host", required=True, help="tên miền, ví dụ ductho.hatinh.gov.vn")
        parser.add_argument("--slug", help="tên ngắn không dấu (mặc định: theo tên xã)")

    def handle(self, *args, code: int, host: str, slug: str | None, **options) -> None:
        unit = unit_by_code(code)
        if unit is None:
            raise CommandError(f"Không có đơn vị hành chính mã {code} trong danh mục năm 2025.")
        spec = CommuneSpec(
            province_code=unit.province_code,
            province_name=unit.province_name,
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            slug=slug or slugify(unit.codename.replace("_", "-")),
        )
        try:
            commune = commune_create(spec=spec, hostname=host.lower())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã tạo {commune.full_name}, {unit.province_name}: http://{host}/")
