"""manage.py plan_export --commune <host or slug> --year 2026 --format docx|xlsx --output FILE"""

from __future__ import annotations

from pathlib import Path

from cchc.plans.exporting import plan_docx, plan_xlsx
from cchc.plans.management.commands._failing import Refused, RefusingCommand
from cchc.plans.selectors import commune_by_host_or_slug, plan_for


class Command(RefusingCommand):
    help = "Xuất kế hoạch tuyên truyền: văn bản Word theo Nghị định 30 kèm phụ lục, hoặc Excel."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--commune", required=True, help="tên miền hoặc slug của xã, phường")
        parser.add_argument("--year", type=int, required=True, help="năm của kế hoạch")
        parser.add_argument("--format", choices=["docx", "xlsx"], help="mặc định: theo đuôi tệp")
        parser.add_argument("--output", required=True, help="tệp ghi ra")

    def handle(self, *args, **options) -> None:
        commune = commune_by_host_or_slug(options["commune"])
        if commune is None:
            raise Refused(f"Không có xã, phường «{options['commune']}».")
        plan = plan_for(commune, options["year"])
        if plan is None:
            raise Refused(
                f"{commune.full_name} chưa có kế hoạch tuyên truyền năm {options['year']}."
            )
        output = Path(options["output"])
        kind = options["format"] or output.suffix.lower().lstrip(".")
        if kind not in ("docx", "xlsx"):
            raise Refused("Chọn --format docx hoặc xlsx (hoặc đặt tên tệp có đuôi .docx, .xlsx).")
        data = plan_docx(plan) if kind == "docx" else plan_xlsx(plan)
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise Refused(f"Không ghi được tệp {output}: {exc.strerror}.") from exc
        self.stdout.write(f"Đã ghi {output} ({len(data):,} byte).".replace(",", "."))
