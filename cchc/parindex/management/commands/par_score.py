"""manage.py par_score --commune <host or slug> --year 2026 [--json]"""

from __future__ import annotations

import json

from cchc.parindex.management.commands._refusing import (
    Refused,
    RefusingCommand,
    commune_or_refuse,
)
from cchc.parindex.methods import vn_number
from cchc.parindex.scoring import ScoreRefused, par_score


class Command(RefusingCommand):
    help = "Điểm tự chấm tiêu chí tuyên truyền CCHC của Chỉ số CCHC, kèm lý do."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--commune", required=True, help="tên miền hoặc slug của xã, phường")
        parser.add_argument("--year", type=int, required=True, help="năm chấm điểm")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args, **options) -> None:
        commune = commune_or_refuse(options["commune"])
        try:
            score = par_score(commune, options["year"])
        except ScoreRefused as exc:
            raise Refused(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(score.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{commune.full_name} — năm {score.year}: {score.label}")
        for part in score.parts:
            self.stdout.write(f"  {part.name}: {vn_number(part.score)}/{vn_number(part.max)}")
            for reason in part.reasons:
                mark = {True: "+", False: "-", None: "·"}[reason.ok]
                self.stdout.write(f"    {mark} {reason.text}")
