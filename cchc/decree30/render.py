"""Lay an OfficialDocument out as a DOCX file per Decree 30/2020/NĐ-CP, Phụ lục I."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from cchc.decree30 import layout as L
from cchc.decree30 import ooxml
from cchc.decree30.model import Annex, Heading, OfficialDocument, Paragraph, Table, validate

CENTER = WD_ALIGN_PARAGRAPH.CENTER
_NUMBER = re.compile(r"^[\d\s.,%+\-/()]+$")


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as DOCX bytes; ValueError (Vietnamese message) for unusable input."""
    validate(doc)
    document = new_document()
    ooxml.document_defaults(document)
    _page(document)
    _header_table(document, doc)
    if not doc.is_letter:
        _type_and_title(document, doc)
    # Letters carry "Kính gửi"; a report addressed to a superior may too, so it is never dropped.
    _kinh_gui(document, doc.kinh_gui)
    _blocks(document, doc.body, L.TEXT_WIDTH_CM)
    _footer_table(document, doc)
    for annex in doc.annexes:
        _annex(document, annex)
    _properties(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _blocks(document: Document, blocks: list, text_width_cm: float) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Table):
            _table(document, block, text_width_cm)
        else:
            _body_paragraph(document, block)


def _annex(document: Document, annex: Annex) -> None:
    """A new section (new page): landscape A4 for a wide table, the same margins turned with
    the page, the page number carried on (the annex's first page is not the document's)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = Cm(L.PAGE_WIDTH_CM), Cm(L.PAGE_HEIGHT_CM)
    if annex.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
    section.different_first_page_header_footer = False
    text_width = (L.PAGE_HEIGHT_CM if annex.landscape else L.PAGE_WIDTH_CM) - (
        L.MARGIN_LEFT_CM + L.MARGIN_RIGHT_CM
    )
    if annex.label.strip():
        _line(document, annex.label.strip(), L.SIZE_TYPE_TITLE, bold=True)
    _line(document, annex.title.strip().upper(), L.SIZE_TYPE_TITLE, bold=True)
    if annex.subtitle.strip():
        _line(document, annex.subtitle.strip(), L.SIZE_BODY, italic=True)
    _rule(document, 3.0, text_width)
    document.paragraphs[-1].paragraph_format.space_after = Pt(12)
    _blocks(document, annex.body, text_width)


def _page(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(L.PAGE_WIDTH_CM), Cm(L.PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(L.MARGIN_TOP_CM), Cm(L.MARGIN_BOTTOM_CM)
    section.left_margin, section.right_margin = Cm(L.MARGIN_LEFT_CM), Cm(L.MARGIN_RIGHT_CM)
    section.header_distance = Cm(L.HEADER_DISTANCE_CM)
    # Số trang: centred in the top margin, not shown on the first page.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    ooxml.add_page_number(number, L.SIZE_PAGE_NUMBER)


def _line(
    container: Document | _Cell,
    text: str,
    size_pt: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    before_pt: float = 0,
) -> DocxParagraph:
    """One single-spaced paragraph, the building block of the header and footer blocks."""
    if isinstance(container, _Cell) and _is_fresh(container):
        paragraph = container.paragraphs[0]  # a new cell already holds one empty paragraph
    else:
        paragraph = container.add_paragraph()
    ooxml.add_text(paragraph, text, size_pt, bold=bold, italic=italic)
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before_pt)
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _is_fresh(cell: _Cell) -> bool:
    return len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs


def _rule(container: Document | _Cell, width_cm: float, available_cm: float) -> None:
    """A centred horizontal line width_cm long: an empty paragraph with a bottom border,
    indented on both sides to that width, its height cut to 2 pt so the line sits right
    under the text above it."""
    paragraph = container.add_paragraph()
    ooxml.style_mark(paragraph, 2)
    indent = max((available_cm - width_cm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(indent)
    fmt.line_spacing = Pt(2)  # exact
    fmt.space_before = fmt.space_after = Pt(0)
    paragraph.alignment = CENTER
    ooxml.bottom_border(paragraph)


def _layout_table(document: Document, widths_cm: list[float], rows: int) -> DocxTable:
    """A borderless table that places blocks side by side (header, signature)."""
    table = document.add_table(rows=rows, cols=len(widths_cm))
    ooxml.table_borders(table, visible=False)
    ooxml.column_widths(table, widths_cm)
    return table


def _header_table(document: Document, doc: OfficialDocument) -> None:
    # Two rows, so that the number (ô 3) and the place and date (ô 4) share a baseline even
    # when the issuer has a parent body on one more line than the national title.
    table = _layout_table(document, [L.HEADER_LEFT_CM, L.HEADER_RIGHT_CM], rows=2)
    names, national = table.cell(0, 0), table.cell(0, 1)
    number, place_date = table.cell(1, 0), table.cell(1, 1)
    left_cm = L.HEADER_LEFT_CM - 2 * L.CELL_MARGIN_CM
    right_cm = L.HEADER_RIGHT_CM - 2 * L.CELL_MARGIN_CM

    if doc.issuer_parent.strip():
        parent = L.break_issuer_name(doc.issuer_parent.strip().upper(), L.SIZE_ISSUER, left_cm)
        _line(names, parent, L.SIZE_ISSUER)
    issuer = L.break_issuer_name(doc.issuer.strip().upper(), L.SIZE_ISSUER, left_cm)
    _line(names, issuer, L.SIZE_ISSUER, bold=True)
    issuer_cm = L.widest_line_cm(issuer, L.SIZE_ISSUER, bold=True, available_cm=left_cm)
    _rule(names, issuer_cm * L.SHORT_RULE_RATIO, left_cm)

    _line(national, L.NATIONAL_TITLE, L.SIZE_NATIONAL_TITLE, bold=True)
    _line(national, L.MOTTO, L.SIZE_MOTTO, bold=True)
    # Tiêu ngữ: the line under it is as long as the motto itself.
    _rule(national, L.text_width_cm(L.MOTTO, L.SIZE_MOTTO, bold=True), right_cm)

    _line(number, doc.number_symbol, L.SIZE_NUMBER, before_pt=6)
    if doc.is_letter:
        summary = doc.title.strip()
        if not summary.lower().startswith("v/v"):
            summary = f"V/v {summary}"
        _line(number, summary, L.SIZE_SUMMARY_LETTER, before_pt=6)
    date_line = L.format_place_date(doc.place.strip(), doc.date)
    _line(place_date, date_line, L.SIZE_PLACE_DATE, italic=True, before_pt=6)
    for cell in (names, national, number, place_date):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _type_and_title(document: Document, doc: OfficialDocument) -> None:
    _line(document, doc.doc_type.strip().upper(), L.SIZE_TYPE_TITLE, bold=True, before_pt=18)
    if doc.title.strip():
        title = _line(document, doc.title.strip(), L.SIZE_TYPE_TITLE, bold=True)
        title_cm = L.widest_line_cm(
            doc.title.strip(), L.SIZE_TYPE_TITLE, bold=True, available_cm=L.TEXT_WIDTH_CM
        )
        title.paragraph_format.keep_with_next = True
    else:
        title_cm = L.text_width_cm(doc.doc_type.upper(), L.SIZE_TYPE_TITLE, bold=True)
    _rule(document, title_cm * L.SHORT_RULE_RATIO, L.TEXT_WIDTH_CM)
    document.paragraphs[-1].paragraph_format.space_after = Pt(12)


# "Kính gửi:" starts this far in from the left margin; several addressees align their dashes
# under its colon, as the decree asks.
_KINH_GUI_INDENT_CM = 2.5
_KINH_GUI = "Kính gửi:"


def _kinh_gui(document: Document, lines: list[str]) -> None:
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return
    if len(lines) == 1:
        _line(document, f"{_KINH_GUI} {lines[0]}", L.SIZE_KINH_GUI, before_pt=12)
        document.paragraphs[-1].paragraph_format.space_after = Pt(6)
        return
    label = _line(document, _KINH_GUI, L.SIZE_KINH_GUI, align=WD_ALIGN_PARAGRAPH.LEFT, before_pt=12)
    label.paragraph_format.left_indent = Cm(_KINH_GUI_INDENT_CM)
    label.paragraph_format.keep_with_next = True
    dash_cm = _KINH_GUI_INDENT_CM + L.text_width_cm("Kính gửi", L.SIZE_KINH_GUI)
    for number, text in enumerate(lines, start=1):
        line = _line(document, text, L.SIZE_KINH_GUI, align=WD_ALIGN_PARAGRAPH.LEFT)
        line.paragraph_format.left_indent = Cm(dash_cm)
        line.paragraph_format.space_after = Pt(6 if number == len(lines) else 0)


def _body_format(paragraph: DocxParagraph, *, indent: bool = True) -> None:
    fmt = paragraph.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(L.FIRST_LINE_INDENT_CM) if indent else Cm(0)
    fmt.space_before = fmt.space_after = Pt(L.PARAGRAPH_SPACING_PT)
    fmt.line_spacing = L.LINE_SPACING
    fmt.widow_control = True


def _body_paragraph(document: Document, block: Paragraph) -> None:
    paragraph = document.add_paragraph()
    ooxml.add_text(paragraph, block.text, L.SIZE_BODY, bold=block.bold, italic=block.italic)
    _body_format(paragraph)


def _heading(document: Document, block: Heading) -> None:
    paragraph = document.add_paragraph()
    ooxml.add_text(paragraph, block.text, L.SIZE_BODY, bold=True, italic=block.level == 3)
    _body_format(paragraph)
    paragraph.paragraph_format.keep_with_next = True  # never alone at the foot of a page
    ooxml.outline_level(paragraph, block.level)


def _table(document: Document, block: Table, text_width_cm: float = L.TEXT_WIDTH_CM) -> None:
    if block.caption.strip():
        caption = _line(document, block.caption.strip(), L.SIZE_TABLE, bold=True, before_pt=6)
        caption.paragraph_format.space_after = Pt(3)
        caption.paragraph_format.keep_with_next = True
    widths = _table_widths(block, text_width_cm)
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = document.styles["Table Grid"]
    ooxml.table_borders(table, visible=True)
    ooxml.column_widths(table, widths)
    # Cells are reached row by row: `table.cell(r, c)` walks the whole table on every call,
    # which made a 200-row table take seconds (quadratic in its size).
    rows = list(table.rows)
    for cell, text in zip(rows[0].cells, block.header, strict=False):
        _table_cell(cell, text, bold=True, align=CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    ooxml.repeat_as_header(rows[0])
    for table_row, row in zip(rows[1:], block.rows, strict=True):
        ooxml.keep_row_on_one_page(table_row)
        for cell, text in zip(table_row.cells, row, strict=False):
            # Figures are centred, the way statistics tables in reports are printed.
            align = CENTER if _NUMBER.match(text.strip() or "x") else WD_ALIGN_PARAGRAPH.LEFT
            _table_cell(cell, text, bold=False, align=align)
    # A table followed directly by another block would touch it.
    spacer = document.add_paragraph()
    ooxml.style_mark(spacer, 6)


def _table_widths(block: Table, text_width_cm: float = L.TEXT_WIDTH_CM) -> list[float]:
    if block.widths_cm is None:
        return [text_width_cm / len(block.header)] * len(block.header)
    total = sum(block.widths_cm)
    # Wider than the text area would run into the right margin: scale down to fit.
    scale = min(1.0, text_width_cm / total)
    return [width * scale for width in block.widths_cm]


def _table_cell(cell: _Cell, text: str, *, bold: bool, align: WD_ALIGN_PARAGRAPH) -> None:
    paragraph = cell.paragraphs[0]
    ooxml.add_text(paragraph, text, L.SIZE_TABLE, bold=bold)
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(2)


def _footer_table(document: Document, doc: OfficialDocument) -> None:
    # A page holding only the signature is not acceptable: the last body paragraph goes with it.
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = _layout_table(document, [L.FOOTER_LEFT_CM, L.FOOTER_RIGHT_CM], rows=1)
    ooxml.keep_row_on_one_page(table.rows[0])  # the signature never leaves its recipients
    recipients, signature = table.cell(0, 0), table.cell(0, 1)
    left = WD_ALIGN_PARAGRAPH.LEFT
    _line(recipients, "Nơi nhận:", L.SIZE_RECIPIENTS_LABEL, bold=True, italic=True, align=left,
          before_pt=12)  # fmt: skip
    for text in doc.recipients:
        _line(recipients, text, L.SIZE_RECIPIENTS, align=left)

    signer = doc.signer
    first = True
    for text in (signer.authority, signer.position):
        if text.strip():
            _line(signature, text.strip().upper(), L.SIZE_SIGNER, bold=True,
                  before_pt=12 if first else 0)  # fmt: skip
            first = False
    name = _line(signature, signer.name.strip(), L.SIZE_SIGNER, bold=True)
    name.paragraph_format.space_before = Pt(L.SIGNATURE_SPACE_PT)
    for cell in (recipients, signature):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _properties(document: Document, doc: OfficialDocument) -> None:
    props = document.core_properties
    title = " ".join(part for part in (doc.doc_type.strip(), doc.title.strip()) if part)
    props.title = unicodedata.normalize("NFC", title)
    props.author = props.last_modified_by = unicodedata.normalize(
        "NFC", " ".join(doc.issuer.split())
    )
    props.language = ooxml.LANGUAGE
    props.comments = ""  # the template says "generated by python-docx"
    now = datetime.datetime.now(tz=datetime.UTC)
    props.created = props.modified = now
    props.revision = 1
