"""manage.py par_rules --province <code or name> --year 2027 (--show | --load FILE.json)

The rule in force as JSON, or a province's version loaded from a file: a province adds or
changes sub-criteria (methods of cchc.parindex.methods with their parameters) without code."""

from __future__ import annotations

import json
from pathlib import Path

from django.db.models import Q

from cchc.communes.models import Province
from cchc.parindex.management.commands._refusing import Refused, RefusingCommand
from cchc.parindex.rules import RuleError, rule_as_data, rule_set_for, rule_set_load


class Command(RefusingCommand):
    help = "Xem hoặc nạp quy tắc chấm điểm tiêu chí tuyên truyền CCHC của một tỉnh."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--province", help="mã hoặc tên tỉnh; bỏ trống: quy tắc mặc định")
        parser.add_argument("--year", type=int, required=True, help="áp dụng từ năm")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--show", action="store_true", help="in quy tắc đang áp dụng (JSON)")
        action.add_argument("--load", help="tệp JSON của quy tắc mới")

    def handle(self, *args, **options) -> None:
        province = None
        if options["province"]:
            raw = options["province"].strip()
            query = Q(name__iexact=raw)
            if raw.isdigit():
                query |= Q(code=int(raw))
            province = Province.objects.filter(query).first()
            if province is None:
                raise Refused(f"Không có tỉnh, thành phố «{raw}».")
        year = options["year"]
        if options["show"]:
            rule_set = rule_set_for(province.pk if province else None, year)
            if rule_set is None:
                raise Refused(f"Chưa có quy tắc nào áp dụng cho năm {year}.")
            self.stdout.write(json.dumps(rule_as_data(rule_set), ensure_ascii=False, indent=2))
            return
        path = Path(options["load"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise Refused(f"Không đọc được tệp {path}: {exc}.") from exc
        try:
            rule_set = rule_set_load(province=province, year=year, data=data)
        except RuleError as exc:
            for problem in exc.problems:
                self.stderr.write(f"  - {problem}")
            raise Refused(f"Không nạp được quy tắc: {len(exc.problems)} lỗi (kể trên).") from exc
        where = province.name if province else "mặc định"
        self.stdout.write(f"Đã nạp quy tắc «{rule_set.title}» ({where}) áp dụng từ năm {year}.")
