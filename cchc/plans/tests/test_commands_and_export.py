"""plan_import and plan_export: exit codes, one-line messages, files opened back."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from cchc.communes.models import Unit
from cchc.plans.exporting import ANNEX_HEADER, annex_row
from cchc.plans.importing import plan_import
from cchc.plans.models import CommunicationPlan
from cchc.plans.selectors import plan_items
from cchc.plans.tests.annex_files import UNITS, docx_bytes, xlsx_bytes


@pytest.fixture
def units(commune_a):
    return [Unit.objects.create(commune=commune_a, name=n, kind=k) for n, k in UNITS]


def _run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_plan_import_by_slug_or_host_name(commune_a, units, tmp_path):
    path = tmp_path / "phu-luc.docx"
    path.write_bytes(docx_bytes())
    code, out, _ = _run("plan_import", "--commune", "duc-tho", str(path))
    assert code == 0
    assert "Xã Đức Thọ: đã nhập 4 nhiệm vụ vào kế hoạch năm 2026." in out
    xlsx = tmp_path / "phu-luc.xlsx"
    xlsx.write_bytes(xlsx_bytes())
    code, out, _ = _run(
        "plan_import", "--commune", "duc-tho.localhost", "--replace", "--year", "2026", str(xlsx)
    )
    assert code == 0 and "4 nhiệm vụ" in out


@pytest.mark.django_db
def test_plan_import_refusals_are_one_vietnamese_line_and_exit_1(commune_a, tmp_path):
    Unit.objects.create(commune=commune_a, name="Phòng Văn hóa - Xã hội", kind="coordinating")
    good = tmp_path / "phu-luc.docx"
    good.write_bytes(docx_bytes())
    bad = tmp_path / "phu-luc.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    cases = [
        (["--commune", "khong-co", str(good)], "Không có xã, phường «khong-co»."),
        (["--commune", "duc-tho", str(tmp_path / "x.docx")], "tệp không tồn tại"),
        (["--commune", "duc-tho", str(bad)], "không phải Word (.docx) hay Excel (.xlsx)"),
        (["--commune", "duc-tho", str(good)], "chưa có các đơn vị: «Trung tâm sự nghiệp công»"),
    ]
    for args, message in cases:
        code, out, err = _run("plan_import", *args)
        assert code == 1, args
        assert message in err
        assert len(err.strip().splitlines()) == 1, err
    assert not CommunicationPlan.objects.exists()
    code, out, _ = _run("plan_import", "--commune", "duc-tho", "--create-units", str(good))
    assert code == 0 and "tạo 1 đơn vị mới" in out


@pytest.mark.django_db
def test_plan_export_refusals(commune_a, units, tmp_path):
    out = str(tmp_path / "kh.docx")
    code, _, err = _run("plan_export", "--commune", "khong-co", "--year", "2026", "--output", out)
    assert code == 1 and err.strip() == "Không có xã, phường «khong-co»."
    code, _, err = _run("plan_export", "--commune", "duc-tho", "--year", "2027", "--output", out)
    assert code == 1 and err.strip() == "Xã Đức Thọ chưa có kế hoạch tuyên truyền năm 2027."


@pytest.mark.django_db
def test_the_exported_docx_has_the_annex_as_a_landscape_table_of_the_items(
    commune_a, units, tmp_path
):
    result = plan_import(commune=commune_a, data=docx_bytes())
    plan = result.plan
    plan.number_symbol = "15/KH-UBND"
    plan.signer_name = "Mai Đàm Thanh Vân"
    plan.aims = "Nâng cao nhận thức về cải cách hành chính."
    plan.save()
    path = tmp_path / "ke-hoach.docx"
    code, out, _ = _run(
        "plan_export", "--commune", "duc-tho", "--year", "2026", "--format", "docx",
        "--output", str(path),
    )  # fmt: skip
    assert code == 0 and "Đã ghi" in out
    document = Document(str(path))
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "KẾ HOẠCH" in texts and "Nâng cao nhận thức" in texts
    assert "(Kèm theo Kế hoạch số 15/KH-UBND của UBND xã Đức Thọ)" in texts
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ANNEX_HEADER
    items = plan_items(plan)
    assert [[c.text for c in row.cells] for row in annex.rows[1:]] == [annex_row(i) for i in items]
    assert annex.rows[1].cells[4].text == "Phòng Văn hóa - Xã hội"
    signature = document.tables[-2].rows[0].cells[-1].text  # the footer, before the annex
    assert "Mai Đàm Thanh Vân" in signature


@pytest.mark.django_db
def test_the_exported_xlsx_lists_the_items_and_imports_back_the_same(commune_a, units, tmp_path):
    plan = plan_import(commune=commune_a, data=docx_bytes()).plan
    path = tmp_path / "ke-hoach.xlsx"
    code, _, _ = _run(
        "plan_export", "--commune", "duc-tho", "--year", "2026", "--output", str(path)
    )
    assert code == 0
    sheet = load_workbook(str(path)).active
    rows = [[("" if v is None else str(v)) for v in r] for r in sheet.iter_rows(values_only=True)]
    assert rows[2] == ANNEX_HEADER
    before = [annex_row(i) for i in plan_items(plan)]
    assert rows[3:] == before
    plan_import(commune=commune_a, data=path.read_bytes(), replace=True)
    assert [annex_row(i) for i in plan_items(plan)] == before
