"""Import a procedure catalogue file for one commune.

manage.py import_procedures <commune-slug> <file> [--partial] [--exclude-field "Hải quan" ...]
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cchc.communes.models import Commune
from cchc.procedures.reading import MAX_IMPORT_BYTES
from cchc.procedures.services import procedures_import


class Command(BaseCommand):
    help = (
        "Nhập danh mục thủ tục hành chính (JSON, JSON Lines, .gz hoặc CSV UTF-8) cho một xã, "
        "phường. Tệp có dòng lỗi sẽ không được nhập, trừ khi dùng --partial."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("commune", help="tên miền con (slug) của xã, phường, vd: duc-tho")
        parser.add_argument("file", help="đường dẫn tệp cần nhập")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="nhập các dòng hợp lệ, bỏ qua các dòng lỗi",
        )
        parser.add_argument(
            "--exclude-field",
            action="append",
            default=[],
            metavar="LĨNH_VỰC",
            help='không nhập thủ tục thuộc lĩnh vực này (dùng nhiều lần), vd: "Hải quan"',
        )

    def handle(self, *args, **options) -> None:
        try:
            commune = Commune.objects.get(slug=options["commune"])
        except Commune.DoesNotExist as exc:
            raise CommandError(
                f"Không có xã, phường với tên miền con «{options['commune']}»."
            ) from exc
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        # Checked before reading, as in the admin upload.
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise CommandError("Tệp lớn hơn 20 MB, không nhập được.")
        # Run in a transaction of our own so procedures_changed is sent when it commits.
        with transaction.atomic():
            result = procedures_import(
                commune=commune,
                data=path.read_bytes(),
                filename=path.name,
                partial=options["partial"],
                exclude_fields=options["exclude_field"],
            )
        out = self.style.SUCCESS if result.applied and not result.errors else self.style.WARNING
        self.stdout.write(out(f"{commune.full_name}: {result.summary()}"))
        if result.errors and not result.file_error:
            self.stdout.write("Các dòng lỗi:")
            for error in result.errors:
                where = f"dòng {error.row}"
                if error.code:
                    where += f", mã {error.code}"
                if error.field:
                    where += f", trường «{error.field_label}»"
                self.stdout.write(f"  - {where}: {error.message}")
        if not result.applied and result.errors:
            raise CommandError("Không có thay đổi nào được lưu vì tệp có lỗi.")
