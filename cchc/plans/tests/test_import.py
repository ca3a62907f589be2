"""Importing the annex of seed 001 from Word and Excel files, and refusing bad files whole."""

from __future__ import annotations

import io
import zipfile

import pytest

from cchc.communes.models import Unit
from cchc.plans.channels import Channel
from cchc.plans.importing import PlanImportError, UnknownUnits, plan_import
from cchc.plans.models import CommunicationPlan, PlanItem
from cchc.plans.plan_periods import ALL_MONTHS, month_mask
from cchc.plans.tests.annex_files import UNITS, docx_bytes, seed_table, xlsx_bytes


@pytest.fixture
def units(commune_a):
    return {
        name: Unit.objects.create(commune=commune_a, name=name, kind=kind) for name, kind in UNITS
    }


def _items(commune):
    return list(PlanItem.objects.filter(plan__commune=commune).order_by("position"))


def _assert_seed_items(commune, units, *, merged_lead: bool = False) -> None:
    items = _items(commune)
    assert len(items) == 4
    first, second, third, fourth = items
    assert first.content == "Tuyên truyền các nội dung Kế hoạch cải cách hành chính năm 2026 của xã"
    assert first.channel == Channel.PORTAL_ARTICLE
    assert first.months == month_mask([1, 2, 3])
    assert first.period_text == "Quý I/2026"
    assert first.lead_unit == units["Phòng Văn hóa - Xã hội"]
    assert first.coordinating_note == "Các cơ quan, đơn vị liên quan"
    assert first.product == "Tin bài trên chuyên mục cải cách hành chính"
    assert second.channel == Channel.VISUAL
    assert second.months == ALL_MONTHS
    # «Trung tâm sự nghiệp công» is the commune's «Trung tâm Dịch vụ sự nghiệp công».
    expected = units[
        "Phòng Văn hóa - Xã hội" if merged_lead else "Trung tâm Dịch vụ sự nghiệp công"
    ]
    assert second.lead_unit == expected
    assert third.channel == Channel.RADIO
    assert fourth.channel == Channel.CONFERENCE
    assert fourth.target_unit == "hội nghị" and fourth.target_count == 1
    plan = CommunicationPlan.objects.get(commune=commune)
    assert plan.year == 2026


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"two_row_header": True},
        {"extra_column": True},
        {"two_row_header": True, "extra_column": True, "numbering_row": True, "section_row": True},
        {"merged_lead": True},
    ],
    ids=["plain", "two-row-header", "extra-column", "everything", "merged-lead"],
)
def test_the_seed_annex_is_imported_from_word(commune_a, units, options):
    plan_import(commune=commune_a, data=docx_bytes(**options))
    _assert_seed_items(commune_a, units, merged_lead=options.get("merged_lead", False))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"two_row_header": True},
        {"extra_column": True, "title_rows": False},
        {"merged_lead": True},
    ],
    ids=["plain", "two-row-header", "extra-column", "merged-lead"],
)
def test_the_seed_annex_is_imported_from_excel(commune_a, units, options):
    plan_import(commune=commune_a, data=xlsx_bytes(**options), year=2026)
    _assert_seed_items(commune_a, units, merged_lead=options.get("merged_lead", False))


@pytest.mark.django_db
def test_unknown_units_are_listed_and_nothing_is_stored(commune_a):
    Unit.objects.create(commune=commune_a, name="Phòng Văn hóa - Xã hội", kind="coordinating")
    with pytest.raises(UnknownUnits) as raised:
        plan_import(commune=commune_a, data=docx_bytes())
    assert raised.value.names == ["Trung tâm sự nghiệp công"]
    assert not CommunicationPlan.objects.exists()


@pytest.mark.django_db
def test_unknown_units_can_be_mapped_or_created(commune_a, commune_b):
    vhxh = Unit.objects.create(
        commune=commune_a, name="Phòng Văn hóa - Xã hội", kind="coordinating"
    )
    centre = Unit.objects.create(commune=commune_a, name="Trung tâm văn hóa", kind="service_centre")
    foreign = Unit.objects.create(commune=commune_b, name="Trung tâm sự nghiệp công", kind="office")
    # A unit of another commune offered in the mapping is ignored: still unknown.
    with pytest.raises(UnknownUnits):
        plan_import(
            commune=commune_a,
            data=docx_bytes(),
            unit_mapping={"Trung tâm sự nghiệp công": foreign.pk},
        )
    plan_import(
        commune=commune_a, data=docx_bytes(), unit_mapping={"trung tam su nghiep cong": centre.pk}
    )
    assert {i.lead_unit for i in _items(commune_a)} == {vhxh, centre}
    plan_import(commune=commune_a, data=xlsx_bytes(), create_units=True, replace=True, year=2026)
    created = Unit.objects.get(commune=commune_a, name="Trung tâm sự nghiệp công")
    assert created.kind == Unit.Kind.PUBLIC_SERVICE_CENTRE
    assert _items(commune_a)[1].lead_unit == created


@pytest.mark.django_db
def test_a_second_import_replaces_only_when_asked(commune_a, units):
    plan_import(commune=commune_a, data=docx_bytes())
    header, rows = seed_table()
    with pytest.raises(PlanImportError, match="đã có 4 nhiệm vụ"):
        plan_import(commune=commune_a, data=docx_bytes(header, rows[:2]))
    plan_import(commune=commune_a, data=docx_bytes(header, rows[:2]), replace=True)
    assert len(_items(commune_a)) == 2


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp rỗng"),
        (b"TT;Noi dung\n1;x\n", "không phải Word (.docx) hay Excel (.xlsx)"),
        (b"%PDF-1.7 ...", "Tệp PDF"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "đời cũ"),
        (b"PK\x03\x04" + b"x" * 100, "bị hỏng"),
        (_zip({"hello.txt": b"x"}), "không phải Word (.docx) hay Excel (.xlsx)"),
        (_zip({"word/document.xml": b"<not xml"}), "Không mở được tệp"),
        (b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024), "lớn hơn 5 MB"),
    ],
    ids=["empty", "csv", "pdf", "old-office", "broken-zip", "other-zip", "broken-docx", "large"],
)
def test_files_of_the_wrong_type_are_refused_with_a_clear_message(commune_a, data, message):
    with pytest.raises(PlanImportError) as raised:
        plan_import(commune=commune_a, data=data, year=2026)
    assert message in raised.value.problems[0]
    assert not CommunicationPlan.objects.exists()


@pytest.mark.django_db
def test_a_document_without_the_table_or_with_missing_columns_is_refused(commune_a, units):
    with pytest.raises(PlanImportError, match="Không tìm thấy bảng nhiệm vụ"):
        plan_import(commune=commune_a, data=docx_bytes(["A", "B"], [["1", "2"]]), year=2026)
    header, rows = seed_table()
    without = [h for h in header if h != "Thời gian tuyên truyền"]
    cut = [
        [c for h, c in zip(header, r, strict=True) if h != "Thời gian tuyên truyền"] for r in rows
    ]
    with pytest.raises(PlanImportError, match="thiếu cột: «Thời gian tuyên truyền»"):
        plan_import(commune=commune_a, data=xlsx_bytes(without, cut), year=2026)


@pytest.mark.django_db
def test_every_bad_row_is_reported_and_nothing_half_imported(commune_a, units):
    header, rows = seed_table()
    rows[0][3] = "Quý I và Quý III/2026"  # fine
    rows[1][3] = "sắp tới"  # unreadable
    rows[2][3] = "Tháng 6/2025"  # another year
    rows[3][4] = ""  # no lead unit
    with pytest.raises(PlanImportError) as raised:
        plan_import(commune=commune_a, data=docx_bytes(header, rows))
    problems = raised.value.problems
    assert len(problems) == 3
    assert "Không đọc được thời gian «sắp tới»" in problems[0]
    assert "năm 2025, ngoài năm của kế hoạch (2026)" in problems[1]
    assert "thiếu «Đơn vị thực hiện»" in problems[2]
    assert problems[0].startswith("dòng 3 (bảng 1)")
    assert not CommunicationPlan.objects.exists() and not PlanItem.objects.exists()


@pytest.mark.django_db
def test_a_target_column_sets_the_measurable_target(commune_a, units):
    header, rows = seed_table()
    header = [*header, "Chỉ tiêu"]
    rows = [
        [*r, t]
        for r, t in zip(rows, ["12 bài", "20 sản phẩm", "24 tin, bài", "1 hội nghị"], strict=True)
    ]
    plan_import(commune=commune_a, data=xlsx_bytes(header, rows), year=2026)
    assert [(i.target_count, i.target_unit) for i in _items(commune_a)] == [
        (12, "bài"),
        (20, "sản phẩm"),
        (24, "tin, bài"),
        (1, "hội nghị"),
    ]
