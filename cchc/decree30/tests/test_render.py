"""The DOCX the renderer writes, read back with python-docx: Decree 30/2020 layout properties."""

from __future__ import annotations

import ast
import datetime
import io
import unicodedata
from pathlib import Path

import pytest
from docx import Document as read_document
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from cchc.decree30 import (
    Heading,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    format_place_date,
    render_docx,
)
from cchc.decree30.layout import text_width_cm

TNR = "Times New Roman"
INTRO = (
    "Thực hiện Kế hoạch số 1149/KH-UBND ngày 04/5/2026 của UBND xã về thông tin, tuyên truyền "
    "cải cách hành chính năm 2026, Ủy ban nhân dân xã báo cáo kết quả như sau:"
)


def make_report(**changes: object) -> OfficialDocument:
    fields: dict[str, object] = {
        "issuer_parent": "UBND tỉnh Hà Tĩnh",
        "issuer": "Ủy ban nhân dân xã Đức Thọ",
        "number_symbol": "Số:      /BC-UBND",
        "place": "Đức Thọ",
        "date": datetime.date(2026, 2, 5),
        "doc_type": "BÁO CÁO",
        "title": "Kết quả thống kê lượt truy cập chuyên mục cải cách hành chính",
        "body": [
            Heading("I. KẾT QUẢ THỰC HIỆN"),
            Paragraph(INTRO),
            Heading("1. Lượt truy cập theo chủ đề", level=2),
            Heading("a) Theo tháng", level=3),
            Table(
                header=["TT", "Chủ đề", "Lượt truy cập"],
                rows=[["1", "Thủ tục hành chính", "1.234"], ["2", "Dịch vụ công", "567"]],
                widths_cm=[1.5, 10.0, 4.0],
                caption="Bảng 1. Lượt truy cập theo chủ đề",
            ),
            Paragraph("Trên đây là báo cáo của UBND xã./.", italic=True),
        ],
        "signer": Signer("TM. Ủy ban nhân dân", "KT. Chủ tịch\nPhó Chủ tịch", "Nguyễn Văn A"),
        "recipients": ["- UBND tỉnh (b/c);", "- Lưu: VT, VHXH."],
    }
    fields.update(changes)
    return OfficialDocument(**fields)  # type: ignore[arg-type]


def make_letter(**changes: object) -> OfficialDocument:
    fields: dict[str, object] = {
        "issuer_parent": "",
        "issuer": "ỦY BAN NHÂN DÂN XÃ ĐỨC THỌ",
        "number_symbol": "Số: 12/UBND-VHXH",
        "doc_type": "",
        "title": "tăng cường công tác tuyên truyền cải cách hành chính năm 2026",
        "body": [Paragraph("Ủy ban nhân dân xã đề nghị các cơ quan, đơn vị triển khai./.")],
        "signer": Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""),
        "recipients": ["- Như trên;", "- Lưu: VT, VHXH."],
        "kinh_gui": ["- Các cơ quan chuyên môn thuộc UBND xã;", "- Công an xã."],
    }
    fields.update(changes)
    return make_report(**fields)


def render(doc: OfficialDocument) -> Document:
    return read_document(io.BytesIO(render_docx(doc)))


@pytest.fixture(scope="module")
def report() -> Document:
    return render(make_report())


@pytest.fixture(scope="module")
def letter() -> Document:
    return render(make_letter())


def paragraph_with(paragraphs: list[DocxParagraph], text: str) -> DocxParagraph:
    found = [p for p in paragraphs if text in p.text]
    assert found, f"no paragraph contains {text!r}"
    return found[0]


def cell_paragraphs(table: DocxTable) -> list[DocxParagraph]:
    return [p for row in table.rows for cell in row.cells for p in cell.paragraphs]


def text_runs(paragraph: DocxParagraph) -> list[Run]:
    runs = [run for run in paragraph.runs if run.text.strip()]
    assert runs, f"no text in {paragraph.text!r}"
    return runs


def assert_runs(paragraph: DocxParagraph, size: int, *, bold: bool, italic: bool = False) -> None:
    for run in text_runs(paragraph):
        assert run.font.name == TNR
        assert run.font.size == Pt(size), run.text
        assert run.font.bold is bold, run.text
        assert run.font.italic is italic, run.text


def has_bottom_border(paragraph: DocxParagraph) -> bool:
    return paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None


def line_width_cm(paragraph: DocxParagraph, available_cm: float) -> float:
    """Length of a short line drawn as a bordered paragraph indented on both sides."""
    fmt = paragraph.paragraph_format
    return available_cm - fmt.left_indent.cm - fmt.right_indent.cm


def test_page_is_a4_portrait_with_the_chosen_margins(report: Document) -> None:
    section = report.sections[0]
    assert (round(section.page_width.cm, 2), round(section.page_height.cm, 2)) == (21.0, 29.7)
    assert round(section.top_margin.cm, 2) == 2.0
    assert round(section.bottom_margin.cm, 2) == 2.0
    assert round(section.left_margin.cm, 2) == 3.0
    assert round(section.right_margin.cm, 2) == 1.5


def test_header_table_has_two_columns_with_issuer_national_title_number_and_date(
    report: Document,
) -> None:
    header = report.tables[0]
    assert len(header.columns) == 2
    left = header.cell(0, 0).text + header.cell(1, 0).text
    right = header.cell(0, 1).text + header.cell(1, 1).text
    assert "UBND TỈNH HÀ TĨNH" in left
    assert "ỦY BAN NHÂN DÂN\nXÃ ĐỨC THỌ" in left
    assert "Số:      /BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    assert "Đức Thọ, ngày 05 tháng 02 năm 2026" in right
    for border in header._tbl.tblPr.find(qn("w:tblBorders")):
        assert border.get(qn("w:val")) == "nil"


def test_issuer_is_13pt_bold_uppercase_under_its_13pt_regular_parent(report: Document) -> None:
    cell = report.tables[0].cell(0, 0).paragraphs
    assert_runs(paragraph_with(cell, "UBND TỈNH HÀ TĨNH"), 13, bold=False)
    issuer = paragraph_with(cell, "ỦY BAN NHÂN DÂN")
    assert issuer.text == issuer.text.upper()
    assert_runs(issuer, 13, bold=True)
    assert issuer.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_a_short_line_under_the_issuer_is_a_third_to_a_half_of_its_name(report: Document) -> None:
    cell = report.tables[0].cell(0, 0).paragraphs
    index = cell.index(paragraph_with(cell, "ỦY BAN NHÂN DÂN"))
    line = cell[index + 1]
    assert has_bottom_border(line) and not line.text
    name_cm = text_width_cm("ỦY BAN NHÂN DÂN", 13, bold=True)  # the longer of its two lines
    assert name_cm / 3 <= line_width_cm(line, 6.0 - 0.38) <= name_cm / 2


def test_national_title_is_13pt_bold_and_the_motto_14pt_bold_underlined_by_its_length(
    report: Document,
) -> None:
    cell = report.tables[0].cell(0, 1).paragraphs
    assert_runs(paragraph_with(cell, "CỘNG HÒA XÃ HỘI"), 13, bold=True)
    motto = paragraph_with(cell, "Độc lập - Tự do - Hạnh phúc")
    assert_runs(motto, 14, bold=True)
    line = cell[cell.index(motto) + 1]
    assert has_bottom_border(line)
    assert 5.5 <= line_width_cm(line, 10.5 - 0.38) <= 6.5  # the motto is about 6 cm at 14 pt


def test_number_symbol_is_printed_as_given_in_13pt(report: Document) -> None:
    number = paragraph_with(report.tables[0].cell(1, 0).paragraphs, "/BC-UBND")
    assert number.text == "Số:      /BC-UBND"
    assert_runs(number, 13, bold=False)


def test_place_and_date_are_14pt_italic_with_leading_zeros_for_day_and_february(
    report: Document,
) -> None:
    date = paragraph_with(report.tables[0].cell(1, 1).paragraphs, "Đức Thọ, ngày")
    assert date.text == "Đức Thọ, ngày 05 tháng 02 năm 2026"
    assert_runs(date, 14, bold=False, italic=True)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2026, 1, 9), "Đức Thọ, ngày 09 tháng 01 năm 2026"),
        (datetime.date(2026, 3, 5), "Đức Thọ, ngày 05 tháng 3 năm 2026"),
        (datetime.date(2026, 11, 22), "Đức Thọ, ngày 22 tháng 11 năm 2026"),
    ],
)
def test_only_days_below_10_and_months_1_and_2_take_a_leading_zero(
    date: datetime.date, expected: str
) -> None:
    assert format_place_date("Đức Thọ", date) == expected


def test_a_draft_leaves_day_and_month_blank_for_this_year() -> None:
    assert (
        format_place_date("Đức Thọ", None, today=datetime.date(2027, 1, 1))
        == "Đức Thọ, ngày      tháng      năm 2027"
    )
    draft = render(make_report(date=None))
    year = datetime.datetime.now(tz=datetime.timezone(datetime.timedelta(hours=7))).year
    date = paragraph_with(draft.tables[0].cell(1, 1).paragraphs, "ngày")
    assert date.text == f"Đức Thọ, ngày      tháng      năm {year}"


def test_report_prints_its_type_and_title_centred_bold_14pt_with_a_line_under(
    report: Document,
) -> None:
    body = report.paragraphs
    doc_type = paragraph_with(body, "BÁO CÁO")
    title = body[body.index(doc_type) + 1]
    assert title.text == "Kết quả thống kê lượt truy cập chuyên mục cải cách hành chính"
    for paragraph in (doc_type, title):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert_runs(paragraph, 14, bold=True)
    assert has_bottom_border(body[body.index(title) + 1])


def test_body_paragraphs_are_justified_14pt_with_first_line_indent_and_6pt_spacing(
    report: Document,
) -> None:
    paragraph = paragraph_with(report.paragraphs, "Thực hiện Kế hoạch số 1149")
    assert paragraph.text == INTRO
    fmt = paragraph.paragraph_format
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(fmt.first_line_indent.cm, 2) == 1.0
    assert fmt.space_before == Pt(6) and fmt.space_after == Pt(6)
    assert 1.0 <= fmt.line_spacing <= 1.5
    assert_runs(paragraph, 14, bold=False)
    assert_runs(paragraph_with(report.paragraphs, "Trên đây"), 14, bold=False, italic=True)


def test_headings_are_bold_and_level_3_is_also_italic(report: Document) -> None:
    body = report.paragraphs
    assert_runs(paragraph_with(body, "I. KẾT QUẢ THỰC HIỆN"), 14, bold=True)
    assert_runs(paragraph_with(body, "1. Lượt truy cập"), 14, bold=True)
    level_3 = paragraph_with(body, "a) Theo tháng")
    assert_runs(level_3, 14, bold=True, italic=True)
    assert level_3.paragraph_format.keep_with_next is True


def test_body_table_is_bordered_with_a_bold_header_repeated_on_each_page(
    report: Document,
) -> None:
    table = report.tables[1]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["TT", "Chủ đề", "Lượt truy cập"],
        ["1", "Thủ tục hành chính", "1.234"],
        ["2", "Dịch vụ công", "567"],
    ]
    for border in table._tbl.tblPr.find(qn("w:tblBorders")):
        assert border.get(qn("w:val")) == "single"
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    for cell in table.rows[0].cells:
        assert_runs(cell.paragraphs[0], 13, bold=True)
    assert_runs(table.cell(1, 1).paragraphs[0], 13, bold=False)
    assert [round(cell.width.cm, 1) for cell in table.rows[1].cells] == [1.5, 10.0, 4.0]
    assert "Bảng 1. Lượt truy cập theo chủ đề" in [p.text for p in report.paragraphs]


def test_footer_table_holds_noi_nhan_and_the_signer_block(report: Document) -> None:
    footer = report.tables[-1]
    assert len(footer.columns) == 2
    recipients, signature = footer.cell(0, 0).paragraphs, footer.cell(0, 1).paragraphs
    assert_runs(paragraph_with(recipients, "Nơi nhận:"), 12, bold=True, italic=True)
    assert_runs(paragraph_with(recipients, "- UBND tỉnh (b/c);"), 11, bold=False)
    assert_runs(paragraph_with(recipients, "- Lưu: VT, VHXH."), 11, bold=False)
    assert [p.text for p in signature if p.text] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "Nguyễn Văn A",
    ]
    for paragraph in signature:
        if paragraph.text:
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
            assert_runs(paragraph, 14, bold=True)
    name = paragraph_with(signature, "Nguyễn Văn A")
    assert name.paragraph_format.space_before >= Pt(48)  # room for the signature and seal


def test_page_number_is_a_field_in_the_header_but_not_on_the_first_page(
    report: Document,
) -> None:
    section = report.sections[0]
    assert section.different_first_page_header_footer is True
    number = section.header.paragraphs[0]
    instructions = [e.text for e in number._p.iter(qn("w:instrText"))]
    assert [text.strip() for text in instructions] == ["PAGE"]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.font.size == Pt(14) for run in number.runs)
    first_page = section.first_page_header
    assert not first_page.is_linked_to_previous
    assert not list(first_page._element.iter(qn("w:instrText")))


def test_letter_prints_vv_under_the_number_and_kinh_gui_without_a_type_line(
    letter: Document,
) -> None:
    number_cell = letter.tables[0].cell(1, 0).paragraphs
    summary = paragraph_with(number_cell, "V/v")
    assert summary.text == "V/v tăng cường công tác tuyên truyền cải cách hành chính năm 2026"
    assert number_cell.index(summary) > number_cell.index(paragraph_with(number_cell, "Số: 12"))
    assert_runs(summary, 12, bold=False)
    body = [p.text for p in letter.paragraphs]
    start = body.index("Kính gửi:")
    assert body[start + 1 : start + 3] == [
        "- Các cơ quan chuyên môn thuộc UBND xã;",
        "- Công an xã.",
    ]
    assert_runs(letter.paragraphs[start], 14, bold=False)
    assert "BÁO CÁO" not in "\n".join(body)
    assert "Nơi nhận:" in letter.tables[-1].cell(0, 0).text


def test_letter_to_one_addressee_prints_kinh_gui_on_one_line() -> None:
    letter = render(make_letter(kinh_gui=["Sở Nội vụ tỉnh Hà Tĩnh."], title="V/v báo cáo số liệu"))
    assert "Kính gửi: Sở Nội vụ tỉnh Hà Tĩnh." in [p.text for p in letter.paragraphs]
    assert "V/v báo cáo số liệu" in letter.tables[0].cell(1, 0).text  # no "V/v V/v"


def test_a_report_addressed_to_a_superior_prints_kinh_gui_after_its_title() -> None:
    document = render(make_report(kinh_gui=["Ủy ban nhân dân tỉnh Hà Tĩnh."]))
    body = [p.text for p in document.paragraphs]
    line = body.index("Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh.")
    assert body.index("BÁO CÁO") < line < body.index("I. KẾT QUẢ THỰC HIỆN")


def test_every_run_names_times_new_roman_for_all_character_classes(report: Document) -> None:
    parts = [report.element.body, report.sections[0].header._element]
    runs = [r for part in parts for r in part.iter(qn("w:r"))]
    assert len(runs) > 30
    for run in runs:
        fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert fonts.get(qn(slot)) == TNR
        assert fonts.get(qn("w:asciiTheme")) is None


def test_vietnamese_text_with_every_diacritic_survives_the_round_trip() -> None:
    text = "Ưu tiên giải quyết hồ sơ: Đắk Lắk, Quảng Trị, Thừa Thiên Huế; ỷ lại, nghĩa vụ, ẵm, ỗ."
    document = render(make_report(body=[Paragraph(text)], title=text))
    assert paragraph_with(document.paragraphs, "Ưu tiên giải quyết").text == text
    assert document.core_properties.title == f"BÁO CÁO {text}"


def test_decomposed_input_is_stored_precomposed() -> None:
    decomposed = unicodedata.normalize("NFD", "Nghĩa vụ của Ủy ban")
    document = render(make_report(body=[Paragraph(decomposed)]))
    assert document.paragraphs[-1].text == "Nghĩa vụ của Ủy ban"


def test_core_properties_name_the_document_its_issuer_and_vietnamese(report: Document) -> None:
    props = report.core_properties
    assert props.title == "BÁO CÁO Kết quả thống kê lượt truy cập chuyên mục cải cách hành chính"
    assert props.author == "Ủy ban nhân dân xã Đức Thọ"
    assert props.language == "vi-VN"


def test_a_long_issuer_name_breaks_before_its_administrative_unit() -> None:
    document = render(make_letter(issuer="Ủy ban nhân dân thị xã Hồng Lĩnh"))
    issuer = paragraph_with(document.tables[0].cell(0, 0).paragraphs, "ỦY BAN")
    assert issuer.text == "ỦY BAN NHÂN DÂN\nTHỊ XÃ HỒNG LĨNH"
    short = render(make_letter(issuer="UBND xã Đức Thọ"))
    assert paragraph_with(short.tables[0].cell(0, 0).paragraphs, "UBND").text == "UBND XÃ ĐỨC THỌ"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"issuer": ""}, "Thiếu tên cơ quan"),
        ({"issuer": "   "}, "Thiếu tên cơ quan"),
        ({"place": ""}, "Thiếu địa danh"),
        ({"signer": Signer("TM. ỦY BAN NHÂN DÂN", "", "")}, "Thiếu chức vụ"),
        ({"doc_type": "", "title": ""}, "trích yếu"),
        ({"body": [Heading("x", level=4)]}, "cấp 4"),
        ({"body": [Table(["A", "B"], [["1"]])]}, "dòng 1 có 1 ô"),
        ({"body": [Table(["A", "B"], [], widths_cm=[3.0])]}, "độ rộng cột"),
        ({"body": ["chuỗi trần"]}, "không phải Paragraph"),
    ],
)
def test_unusable_input_is_refused_with_a_vietnamese_message(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        render_docx(make_report(**changes))


def test_the_package_imports_no_django() -> None:
    package = Path(__file__).resolve().parent.parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                names.append(getattr(node, "module", None) or "")
                assert not any(n.split(".")[0] == "django" for n in names), module.name
