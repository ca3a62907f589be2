"""manage.py evidence_pack --commune <host or slug> --year 2026 --output FILE.zip"""

from __future__ import annotations

from pathlib import Path

from cchc.parindex.management.commands._refusing import (
    Refused,
    RefusingCommand,
    commune_or_refuse,
)
from cchc.parindex.pack import write_pack_file
from cchc.parindex.scoring import ScoreRefused, plan_or_refuse


class Command(RefusingCommand):
    help = "Lập hồ sơ minh chứng Chỉ số CCHC (tiêu chí tuyên truyền) thành một tệp ZIP."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--commune", required=True, help="tên miền hoặc slug của xã, phường")
        parser.add_argument("--year", type=int, required=True, help="năm chấm điểm")
        parser.add_argument("--output", required=True, help="tệp ZIP ghi ra")

    def handle(self, *args, **options) -> None:
        commune = commune_or_refuse(options["commune"])
        output = Path(options["output"])
        try:
            plan_or_refuse(commune, options["year"])
            if not output.parent.is_dir():
                raise Refused(f"Không ghi được tệp {output}: thư mục không tồn tại.")
            entries = write_pack_file(commune, options["year"], output)
        except ScoreRefused as exc:
            raise Refused(str(exc)) from exc
        except OSError as exc:
            raise Refused(f"Không ghi được tệp {output}: {exc.strerror or exc}.") from exc
        size = f"{output.stat().st_size:,}".replace(",", ".")
        self.stdout.write(f"Đã ghi {output}: {len(entries)} tệp minh chứng, {size} byte.")
