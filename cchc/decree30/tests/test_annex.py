"""Annexes: a landscape section after the signature, with its own title and a wide table."""

from __future__ import annotations

import io

import pytest
from docx import Document as read_document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from cchc.decree30 import Annex, Paragraph, Table, render_docx
from cchc.decree30 import layout as L
from cchc.decree30.tests.test_render import make_report

HEADER = ["TT", "Nội dung", "Hình thức", "Thời gian", "Thực hiện", "Phối hợp", "Sản phẩm"]
ROWS = [
    [str(n), f"Nội dung {n}", "Hội nghị", "Quý I/2026", "Phòng VHXH", "", "Tin"] for n in (1, 2)
]


def _with_annex(**changes):
    annex = Annex(
        title="Nhiệm vụ tuyên truyền về cải cách hành chính năm 2026",
        subtitle="(Kèm theo Kế hoạch số 12/KH-UBND của UBND xã Quyết Thắng)",
        body=[Table(header=HEADER, rows=ROWS, widths_cm=[1, 8, 5, 4, 4, 4, 4])],
        **changes,
    )
    data = render_docx(make_report(annexes=[annex]))
    return read_document(io.BytesIO(data))


def test_the_annex_starts_a_landscape_section_after_a_portrait_letter() -> None:
    document = _with_annex()
    first, annex = document.sections
    assert first.orientation == WD_ORIENT.PORTRAIT and first.page_width < first.page_height
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    # Stored in twips: equal to a few hundred EMU.
    assert abs(annex.page_width - Cm(L.PAGE_HEIGHT_CM)) < Cm(0.01)
    assert abs(annex.page_height - Cm(L.PAGE_WIDTH_CM)) < Cm(0.01)
    # The annex's first page is numbered like the pages before it.
    assert not annex.different_first_page_header_footer
    assert annex.header.is_linked_to_previous


def test_the_annex_prints_its_title_subtitle_and_the_table_in_the_wider_text_area() -> None:
    document = _with_annex()
    texts = [p.text for p in document.paragraphs]
    title = texts.index("NHIỆM VỤ TUYÊN TRUYỀN VỀ CẢI CÁCH HÀNH CHÍNH NĂM 2026")
    assert texts[title + 1].startswith("(Kèm theo Kế hoạch số 12/KH-UBND")
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == HEADER
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == ROWS
    landscape_text_cm = L.PAGE_HEIGHT_CM - L.MARGIN_LEFT_CM - L.MARGIN_RIGHT_CM
    widths = [col.width for col in table.columns]
    # 30 cm asked for: scaled to the landscape text width, wider than a portrait page allows.
    assert sum(widths) <= Cm(landscape_text_cm) + Cm(0.05)
    assert sum(widths) > Cm(L.TEXT_WIDTH_CM)


def test_a_portrait_annex_stays_portrait() -> None:
    document = _with_annex(landscape=False, label="Phụ lục II")
    assert document.sections[-1].orientation == WD_ORIENT.PORTRAIT
    assert "Phụ lục II" in [p.text for p in document.paragraphs]


def test_an_annex_without_a_title_or_with_a_broken_table_is_refused() -> None:
    with pytest.raises(ValueError, match="Phụ lục phải có tiêu đề"):
        render_docx(make_report(annexes=[Annex(title=" ", body=[Paragraph("x")])]))
    broken = Annex(title="Phụ lục", body=[Table(header=["A", "B"], rows=[["1"]])])
    with pytest.raises(ValueError, match="dòng 1 có 1 ô"):
        render_docx(make_report(annexes=[broken]))
