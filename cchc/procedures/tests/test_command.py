"""The import_procedures management command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cchc.procedures.models import Procedure
from cchc.procedures.tests.conftest import as_json, record


def test_the_command_imports_a_file_and_prints_a_vietnamese_summary(
    commune_a, tmp_path, three_records, capsys
):
    path = tmp_path / "danh-muc.json"
    path.write_bytes(as_json([*three_records, record("1.000002", "Thuế A", "Thuế")]))

    call_command("import_procedures", "duc-tho", str(path), "--exclude-field", "Thuế")

    out = capsys.readouterr().out
    assert "Xã Đức Thọ: Đã nhập thủ tục hành chính: thêm mới 3" in out
    assert "bỏ qua 1" in out
    assert Procedure.objects.filter(commune=commune_a).count() == 3


def test_the_command_lists_row_errors_and_fails_when_nothing_was_applied(
    commune_a, tmp_path, capsys
):
    path = tmp_path / "loi.json"
    path.write_bytes(as_json([record("1.001193", "A"), record("xyz", "B")]))

    with pytest.raises(CommandError, match="Không có thay đổi nào được lưu"):
        call_command("import_procedures", "duc-tho", str(path))

    out = capsys.readouterr().out
    assert "dòng 2, mã xyz, trường «Mã thủ tục»: Mã thủ tục «xyz» không đúng định dạng" in out
    assert not Procedure.objects.exists()


def test_the_command_with_partial_applies_valid_rows(commune_a, tmp_path):
    path = tmp_path / "loi.json"
    path.write_bytes(as_json([record("1.001193", "A"), record("xyz", "B")]))

    call_command("import_procedures", "duc-tho", str(path), "--partial")

    assert Procedure.objects.count() == 1


def test_the_command_rejects_an_unknown_commune_or_file(commune_a, tmp_path):
    with pytest.raises(CommandError, match="Không có xã, phường"):
        call_command("import_procedures", "khong-co", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_procedures", "duc-tho", str(tmp_path / "x.json"))
