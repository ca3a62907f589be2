"""Annex files built in the tests from the table of seed 001 (xã Quyết Thắng's 2026 plan).

The seed's annex is tab-separated text; here it becomes Word and Excel files the way
communes make them: a plain table, a header over two rows with merged cells, extra columns,
a row of column numbers, a section row merged across the table.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import Workbook

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "seeds" / "001_ef1cf9a82fe0ef62.txt"
UNITS = [
    ("Phòng Văn hóa - Xã hội", "coordinating"),
    ("Trung tâm Dịch vụ sự nghiệp công", "service_centre"),
]


def seed_table() -> tuple[list[str], list[list[str]]]:
    """The annex of seed 001: its header and its four task rows, as written."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("TT\t"))
    header = lines[start].split("\t")
    rows = [line.split("\t") for line in lines[start + 1 :] if line.strip()]
    return header, rows


def docx_bytes(
    header: list[str] | None = None,
    rows: list[list[str]] | None = None,
    *,
    two_row_header: bool = False,
    extra_column: bool = False,
    merged_lead: bool = False,
    section_row: bool = False,
    numbering_row: bool = False,
    title: str = "NHIỆM VỤ TUYÊN TRUYỀN VỀ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
) -> bytes:
    seed_header, seed_rows = seed_table()
    header = list(header or seed_header)
    rows = [list(r) for r in (rows if rows is not None else seed_rows)]
    if extra_column:
        header.append("Ghi chú")
        rows = [[*r, "ghi chú thêm"] for r in rows]
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph(title)
    document.add_paragraph("(Kèm theo Kế hoạch số /KH-UBND ngày /01/2026 của UBND xã Quyết Thắng)")
    head_rows = 2 if two_row_header else 1
    body_rows = len(rows) + (1 if section_row else 0) + (1 if numbering_row else 0)
    table = document.add_table(rows=head_rows + body_rows, cols=len(header))
    if two_row_header:
        lead, coord = header.index("Đơn vị thực hiện"), header.index("Đơn vị phối hợp")
        for col, text in enumerate(header):
            if col in (lead, coord):
                continue
            cell = table.cell(0, col).merge(table.cell(1, col))
            cell.text = text
        merged = table.cell(0, lead).merge(table.cell(0, coord))
        merged.text = "Đơn vị"
        table.cell(1, lead).text = "Thực hiện"
        table.cell(1, coord).text = "Phối hợp"
    else:
        for col, text in enumerate(header):
            table.cell(0, col).text = text
    at = head_rows
    if numbering_row:
        for col in range(len(header)):
            table.cell(at, col).text = f"({col + 1})"
        at += 1
    if section_row:
        cell = table.cell(at, 0).merge(table.cell(at, len(header) - 1))
        cell.text = "I. TUYÊN TRUYỀN TRỰC TIẾP VÀ TRÊN CÁC PHƯƠNG TIỆN"
        at += 1
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            table.cell(at + r, col).text = text
    if merged_lead and len(rows) >= 2:
        lead = header.index("Đơn vị thực hiện")
        text = rows[0][lead]
        cell = table.cell(at, lead).merge(table.cell(at + 1, lead))
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(
    header: list[str] | None = None,
    rows: list[list[str]] | None = None,
    *,
    two_row_header: bool = False,
    extra_column: bool = False,
    title_rows: bool = True,
    merged_lead: bool = False,
) -> bytes:
    seed_header, seed_rows = seed_table()
    header = list(header or seed_header)
    rows = [list(r) for r in (rows if rows is not None else seed_rows)]
    if extra_column:
        header.insert(2, "Kinh phí (đồng)")
        rows = [[*r[:2], "5000000", *r[2:]] for r in rows]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    if title_rows:
        sheet.append(["NHIỆM VỤ TUYÊN TRUYỀN VỀ CẢI CÁCH HÀNH CHÍNH NĂM 2026"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet.append([])
    if two_row_header:
        lead, coord = header.index("Đơn vị thực hiện"), header.index("Đơn vị phối hợp")
        top = [("Đơn vị" if col in (lead, coord) else text) for col, text in enumerate(header)]
        bottom = [
            {lead: "Thực hiện", coord: "Phối hợp"}.get(col, None) for col in range(len(header))
        ]
        sheet.append(top)
        first = sheet.max_row
        sheet.append(bottom)
        sheet.merge_cells(
            start_row=first, start_column=lead + 1, end_row=first, end_column=coord + 1
        )
        for col in range(len(header)):
            if col not in (lead, coord):
                sheet.merge_cells(
                    start_row=first, start_column=col + 1, end_row=first + 1, end_column=col + 1
                )
    else:
        sheet.append(header)
    data_start = sheet.max_row + 1
    for row in rows:
        sheet.append([int(row[0]) if row[0].isdigit() else row[0], *row[1:]])
    if merged_lead and len(rows) >= 2:
        lead = header.index("Đơn vị thực hiện") + 1
        sheet.merge_cells(
            start_row=data_start, start_column=lead, end_row=data_start + 1, end_column=lead
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
