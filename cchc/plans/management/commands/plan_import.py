"""manage.py plan_import --commune <host or slug> FILE.docx|FILE.xlsx [--year] [--replace]
[--create-units]: the annex table into the commune's plan of the year, all rows or none."""

from __future__ import annotations

from pathlib import Path

from cchc.plans.annex_reading import MAX_ANNEX_BYTES
from cchc.plans.importing import PlanImportError, UnknownUnits, plan_import
from cchc.plans.management.commands._failing import Refused, RefusingCommand
from cchc.plans.selectors import commune_by_host_or_slug


class Command(RefusingCommand):
    help = (
        "Nhập bảng nhiệm vụ (phụ lục) của kế hoạch tuyên truyền từ tệp Word (.docx) hoặc Excel "
        "(.xlsx). Tệp có lỗi thì không nhập dòng nào."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="tệp .docx hoặc .xlsx")
        parser.add_argument("--commune", required=True, help="tên miền hoặc slug của xã, phường")
        parser.add_argument("--year", type=int, help="năm của kế hoạch (mặc định: đọc từ tệp)")
        parser.add_argument(
            "--replace", action="store_true", help="thay thế các nhiệm vụ đã có của kế hoạch"
        )
        parser.add_argument(
            "--create-units",
            action="store_true",
            help="tạo các đơn vị chưa có trong xã, phường (mặc định: báo tên và dừng)",
        )

    def handle(self, *args, **options) -> None:
        commune = commune_by_host_or_slug(options["commune"])
        if commune is None:
            raise Refused(f"Không có xã, phường «{options['commune']}».")
        path = Path(options["file"])
        if not path.is_file():
            raise Refused(f"Không đọc được tệp {path}: tệp không tồn tại.")
        if path.stat().st_size > MAX_ANNEX_BYTES:
            raise Refused("Tệp lớn hơn 5 MB, không nhập được.")
        try:
            result = plan_import(
                commune=commune,
                data=path.read_bytes(),
                year=options["year"],
                create_units=options["create_units"],
                replace=options["replace"],
            )
        except UnknownUnits as exc:
            names = ", ".join(f"«{name}»" for name in exc.names)
            raise Refused(
                f"{commune.full_name} chưa có các đơn vị: {names}. Thêm đơn vị trong trang quản "
                "trị hoặc chạy lại với --create-units; chưa nhập dòng nào."
            ) from exc
        except PlanImportError as exc:
            if len(exc.problems) == 1:
                raise Refused(f"Không nhập được tệp {path.name}: {exc.problems[0]}") from exc
            for problem in exc.problems:
                self.stderr.write(f"  - {problem}")
            raise Refused(
                f"Không nhập được tệp {path.name}: {len(exc.problems)} lỗi (kể trên); chưa nhập "
                "dòng nào."
            ) from exc
        created = f", tạo {len(result.created_units)} đơn vị mới" if result.created_units else ""
        self.stdout.write(
            f"{commune.full_name}: đã nhập {result.items} nhiệm vụ vào kế hoạch năm "
            f"{result.plan.year}{created}."
        )
