"""Parse the stored raw texts of procedures again into tables and lists (decision 0016).

manage.py procedures_reparse [<commune-slug> …]

Run after a deploy that changes cchc/procedures/structure.py, or once on data imported before the
structure existed. Each commune is done in one transaction (all of its procedures or none); the
report says per commune how many procedures were updated and how many sections fell back to the
raw text because the parser did not recognise them.
"""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from cchc.communes.models import Commune
from cchc.procedures.services import procedures_reparse

SECTION_LABELS = {
    "documents": "thành phần hồ sơ",
    "methods": "cách thức thực hiện",
    "legal_bases": "căn cứ pháp lý",
    "steps": "trình tự thực hiện",
    "results": "kết quả",
}


class Command(BaseCommand):
    help = "Phân tích lại văn bản gốc của thủ tục hành chính thành bảng, danh sách (theo từng xã)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("communes", nargs="*", help="tên miền con (slug); bỏ trống: mọi xã")

    def handle(self, *args, **options) -> None:
        communes = Commune.objects.order_by("slug")
        if options["communes"]:
            communes = communes.filter(slug__in=options["communes"])
            missing = set(options["communes"]) - set(communes.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"Không có xã, phường: {', '.join(sorted(missing))}.")
        for commune in communes:
            report = procedures_reparse(commune=commune)
            fallbacks = Counter(report.fallbacks)
            detail = ", ".join(
                f"{SECTION_LABELS[s]} {fallbacks[s]}" for s in SECTION_LABELS if fallbacks[s]
            )
            self.stdout.write(
                f"{commune.slug}: {report.total} thủ tục, cập nhật {report.updated}; "
                f"{report.records_with_fallback} thủ tục có phần giữ nguyên văn bản gốc"
                + (f" ({detail})" if detail else "")
                + "."
            )
