"""The few WordprocessingML details python-docx has no API for."""

from __future__ import annotations

import copy
import unicodedata

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from cchc.decree30.layout import FONT, SIZE_BODY

LANGUAGE = "vi-VN"
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _child(parent: OxmlElement, tag: str) -> OxmlElement:
    """The first child named tag, created (appended) when missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    return element


def _set_font_names(rpr: OxmlElement) -> None:
    # Word picks the font per character class (ascii, hAnsi, eastAsia, cs) and LibreOffice
    # reads them differently; naming all four, with no theme font left to override them,
    # keeps Vietnamese letters in Times New Roman everywhere.
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in _THEME_SLOTS:
        rfonts.attrib.pop(qn(slot), None)
    for slot in _FONT_SLOTS:
        rfonts.set(qn(slot), FONT)


# The run properties made once per (size, bold, italic), copied into every new run: setting
# them through python-docx costs ~5 ms a run, which made a 200-row table take ~10 s.
_RUN_PROPERTIES: dict[tuple[float, bool, bool], OxmlElement] = {}


def style_run(run: Run, size_pt: float, *, bold: bool = False, italic: bool = False) -> Run:
    """Times New Roman at size_pt; bold and italic set explicitly, never inherited."""
    key = (size_pt, bold, italic)
    fresh = run._r.rPr is None
    if fresh and key in _RUN_PROPERTIES:
        run._r.insert(0, copy.deepcopy(_RUN_PROPERTIES[key]))
        return run
    run.font.name = FONT
    _set_font_names(run._r.get_or_add_rPr())
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.italic = italic
    if fresh:
        _RUN_PROPERTIES[key] = copy.deepcopy(run._r.rPr)
    return run


def add_text(
    paragraph: Paragraph, text: str, size_pt: float, *, bold: bool = False, italic: bool = False
) -> None:
    """Append text; each "\\n" becomes a line break inside the same paragraph.

    Text is stored precomposed (NFC), as TCVN 6909:2001 asks: text pasted from some systems
    arrives decomposed, and Word then places the tone marks badly.
    """
    text = unicodedata.normalize("NFC", text)
    for number, line in enumerate(text.split("\n")):
        run = style_run(paragraph.add_run(), size_pt, bold=bold, italic=italic)
        if number:
            run.add_break()
        if line:
            run.add_text(line)
    # The paragraph mark has a size too: it sets the height of an empty paragraph.
    style_mark(paragraph, size_pt)


def style_mark(paragraph: Paragraph, size_pt: float) -> None:
    """Font and size of the paragraph mark (the height of an empty line)."""
    rpr = _child(paragraph._p.get_or_add_pPr(), "w:rPr")
    _set_font_names(rpr)
    _child(rpr, "w:sz").set(qn("w:val"), str(round(size_pt * 2)))


def bottom_border(paragraph: Paragraph) -> None:
    """A thin solid line under the paragraph (the decree's "đường kẻ ngang, nét liền")."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(name), value)
    borders.append(bottom)
    # pBdr must come before spacing/ind/jc in pPr, or Word reports the file as damaged.
    anchor = next(
        (ppr.find(qn(tag)) for tag in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")
         if ppr.find(qn(tag)) is not None),
        None,
    )  # fmt: skip
    if anchor is None:
        ppr.append(borders)
    else:
        anchor.addprevious(borders)


def outline_level(paragraph: Paragraph, level: int) -> None:
    """Headings show in Word's navigation pane without Word's blue heading styles."""
    ppr = paragraph._p.get_or_add_pPr()
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level - 1))
    anchor = ppr.find(qn("w:rPr"))
    if anchor is None:
        ppr.append(element)
    else:
        anchor.addprevious(element)


def table_borders(table: Table, *, visible: bool) -> None:
    """All borders single (body tables) or none (header and footer layout tables)."""
    tblpr = table._tbl.tblPr
    existing = tblpr.find(qn("w:tblBorders"))
    if existing is not None:
        tblpr.remove(existing)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            border.set(qn("w:sz"), "4")
            border.set(qn("w:space"), "0")
            border.set(qn("w:color"), "000000")
        borders.append(border)
    # tblBorders goes after tblW/jc and before tblLayout/tblCellMar/tblLook.
    anchor = next(
        (tblpr.find(qn(tag)) for tag in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
         if tblpr.find(qn(tag)) is not None),
        None,
    )  # fmt: skip
    if anchor is None:
        tblpr.append(borders)
    else:
        anchor.addprevious(borders)


def column_widths(table: Table, widths_cm: list[float]) -> None:
    """Fixed column widths that Word and LibreOffice both honour."""
    table.autofit = False  # tblLayout fixed: Word would otherwise resize to the content
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Word reads the cell widths, LibreOffice the grid: set both.
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        grid_col.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    tblw = _child(table._tbl.tblPr, "w:tblW")
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(round(sum(widths_cm) * 567)))  # 567 twips per cm


def repeat_as_header(row: _Row) -> None:
    """Repeat the row at the top of each page the table runs onto."""
    _child(row._tr.get_or_add_trPr(), "w:tblHeader").set(qn("w:val"), "true")


def keep_row_on_one_page(row: _Row) -> None:
    _child(row._tr.get_or_add_trPr(), "w:cantSplit").set(qn("w:val"), "true")


def add_page_number(paragraph: Paragraph, size_pt: float) -> None:
    """A PAGE field, so Word and LibreOffice print each page's own number."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"),
                       ("end", None)):  # fmt: skip
        run = style_run(paragraph.add_run(), size_pt)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.add_text(text or "")
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    style_mark(paragraph, size_pt)


def document_defaults(document: Document) -> None:
    """Times New Roman 14 pt, Vietnamese, no spacing: what every unformatted run falls back to.

    The python-docx template defaults to theme fonts (Calibri/Cambria) and 10 pt after each
    paragraph; both would leak into table cells and the header.
    """
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults")
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    _set_font_names(rpr)
    _child(rpr, "w:sz").set(qn("w:val"), str(SIZE_BODY * 2))
    _child(rpr, "w:szCs").set(qn("w:val"), str(SIZE_BODY * 2))
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    ppr = _child(_child(defaults, "w:pPrDefault"), "w:pPr")
    spacing = _child(ppr, "w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    _set_font_names(normal.element.get_or_add_rPr())
    normal.font.size = Pt(SIZE_BODY)
