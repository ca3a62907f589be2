"""Reading a plan's annex task table out of a Word (.docx) or Excel (.xlsx) file.

The type is told by the content, not the file name. The table is found by its header (the row
naming «Nội dung» and at least one of «Hình thức», «Thời gian», «Đơn vị thực hiện»), which may
run over two rows («Đơn vị» above «Thực hiện | Phối hợp») and be followed by a row of column
numbers. Merged cells give their text to every row and column they cover; columns the import
does not know («Ghi chú», «Kinh phí») are ignored. Rows that are section headings (one text
across the row) are skipped. `AnnexFileError` carries a Vietnamese message for the user.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from cchc.vietnamese import fold

MAX_ANNEX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # a .docx or .xlsx is a ZIP: refuse zip bombs
HEADER_SEARCH_ROWS = 8
MAX_HEADER_CHARS = 60

# Column key → the name the officer knows it by (used in messages).
COLUMNS: dict[str, str] = {
    "number": "TT",
    "content": "Nội dung tuyên truyền",
    "form": "Hình thức tuyên truyền",
    "period": "Thời gian tuyên truyền",
    "lead": "Đơn vị thực hiện",
    "coordinating": "Đơn vị phối hợp",
    "product": "Sản phẩm",
    "target": "Chỉ tiêu",
}
REQUIRED = ("content", "form", "period", "lead")

# Tried in order on the folded header text of a column; the first rule that matches names it.
_HEADER_RULES: list[tuple[str, str]] = [
    ("", r"don vi tinh|kinh phi|ghi chu|du toan"),  # known, not imported
    ("number", r"^(s\s*)?tt$|^so (thu tu|tt)$"),
    ("period", r"thoi gian|thoi han|tien do|thoi diem"),
    ("content", r"noi dung"),
    ("form", r"hinh thuc|phuong thuc|kenh"),
    ("coordinating", r"phoi hop"),
    ("lead", r"thuc hien|chu tri|don vi|co quan|phu trach"),
    ("product", r"san pham|ket qua"),
    ("target", r"chi tieu|so luong"),
]
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


class AnnexFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the user as is."""


@dataclass
class AnnexRow:
    """One task row: where it is (for messages) and its cells by column key."""

    where: str
    cells: dict[str, str]


@dataclass
class Annex:
    kind: str  # "docx" or "xlsx"
    rows: list[AnnexRow]
    columns: list[str]  # the keys found
    ignored_columns: list[str] = field(default_factory=list)
    text: str = ""  # the document's text outside the table (the year may be read from it)


def file_kind(data: bytes) -> str:
    """«docx» or «xlsx», from the bytes; AnnexFileError for anything else."""
    if not data:
        raise AnnexFileError("Tệp rỗng.")
    if len(data) > MAX_ANNEX_BYTES:
        raise AnnexFileError("Tệp lớn hơn 5 MB, không nhập được.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise AnnexFileError(
            "Tệp Word/Excel đời cũ (.doc, .xls) chưa được hỗ trợ; hãy lưu lại thành .docx "
            "hoặc .xlsx."
        )
    if data.startswith(b"%PDF"):
        raise AnnexFileError("Tệp PDF không nhập được; cần tệp Word (.docx) hoặc Excel (.xlsx).")
    if not data.startswith(b"PK\x03\x04"):
        raise AnnexFileError("Tệp không phải Word (.docx) hay Excel (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise AnnexFileError("Tệp sau khi giải nén quá lớn, không nhập được.")
    except zipfile.BadZipFile as exc:
        raise AnnexFileError("Tệp bị hỏng hoặc không đầy đủ (tải lên bị ngắt?).") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise AnnexFileError("Tệp nén ZIP không phải Word (.docx) hay Excel (.xlsx).")


def read_annex(data: bytes) -> Annex:
    kind = file_kind(data)
    try:
        grids, text = _docx_grids(data) if kind == "docx" else _xlsx_grids(data)
    except AnnexFileError:
        raise
    except Exception as exc:  # a ZIP that python-docx/openpyxl cannot open: say so, no 500
        raise AnnexFileError(
            "Không mở được tệp: tệp bị hỏng hoặc không phải Word/Excel hợp lệ."
        ) from exc
    best_missing: list[str] | None = None
    for label, grid in grids:
        found = _header(grid)
        if found is None:
            continue
        start, columns, ignored = found
        missing = [COLUMNS[key] for key in REQUIRED if key not in columns.values()]
        if missing:
            best_missing = missing if best_missing is None else min(best_missing, missing, key=len)
            continue
        rows = list(_rows(grid, start, columns, label))
        if not rows:
            raise AnnexFileError("Bảng nhiệm vụ không có dòng nào.")
        return Annex(kind, rows, sorted(set(columns.values())), ignored, text)
    if best_missing:
        raise AnnexFileError(
            "Bảng nhiệm vụ thiếu cột: " + ", ".join(f"«{name}»" for name in best_missing) + "."
        )
    raise AnnexFileError(
        "Không tìm thấy bảng nhiệm vụ trong tệp (cần một bảng có các cột «Nội dung tuyên "
        "truyền», «Hình thức», «Thời gian», «Đơn vị thực hiện»)."
    )


def _clean(text: object) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    value = unicodedata.normalize("NFC", str(text)).replace("\xa0", " ")
    return "\n".join(" ".join(line.split()) for line in value.splitlines() if line.strip())


Grid = list[list[str]]


def _docx_grids(data: bytes) -> tuple[list[tuple[str, Grid]], str]:
    from docx import Document

    document = Document(io.BytesIO(data))
    grids = []
    for number, table in enumerate(document.tables, start=1):
        grid = [[_clean(cell.text) for cell in row.cells] for row in table.rows]
        grids.append((f"bảng {number}", grid))
    text = "\n".join(p.text for p in document.paragraphs)
    return grids, text


def _xlsx_grids(data: bytes) -> tuple[list[tuple[str, Grid]], str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), data_only=True)
    grids = []
    texts = []
    for sheet in workbook.worksheets:
        values = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    values[(cell.row, cell.column)] = _clean(cell.value)
        # A merged range shows its top-left value in every cell it covers.
        for merged in sheet.merged_cells.ranges:
            value = values.get((merged.min_row, merged.min_col), "")
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    values[(r, c)] = value
        if not values:
            continue
        rows = max(r for r, _ in values)
        cols = max(c for _, c in values)
        grid = [[values.get((r, c), "") for c in range(1, cols + 1)] for r in range(1, rows + 1)]
        grids.append((f"trang tính «{sheet.title}»", grid))
        texts.extend(v for v in values.values() if v)
    return grids, "\n".join(texts[:50])


def _column_key(text: str) -> str | None:
    if len(text) > MAX_HEADER_CHARS:
        return None
    folded = " ".join(re.findall(r"\w+", fold(text)))
    if not folded:
        return None
    for key, pattern in _HEADER_RULES:
        if re.search(pattern, folded):
            return key or None
    return None


def _header(grid: Grid) -> tuple[int, dict[int, str], list[str]] | None:
    """(first data row index, column index → key, ignored header names), or None."""
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        # Header cells are short; a task's text («… các nội dung …») never names a column.
        keys = {_column_key(text) for text in row if len(text) <= MAX_HEADER_CHARS}
        if "content" not in keys or len(keys & {"form", "period", "lead"}) < 2:
            continue
        header_rows = [row]
        end = index + 1
        # Continuation rows: header words (under a merged «Đơn vị») or column numbers only.
        while end < len(grid) and _continues_header(grid[end], row):
            header_rows.append(grid[end])
            end += 1
        columns: dict[int, str] = {}
        ignored: list[str] = []
        width = max(len(r) for r in header_rows)
        for col in range(width):
            parts: list[str] = []
            for header_row in header_rows:
                text = header_row[col] if col < len(header_row) else ""
                if text and text not in parts and not _NUMBERING.match(text):
                    parts.append(text)
            combined = " ".join(parts)
            key = _column_key(parts[-1]) if parts else None
            if key in (None, "lead") and len(parts) > 1:
                key = _column_key(combined)
            if key is None or key in columns.values():
                if combined:
                    ignored.append(combined)
                continue
            columns[col] = key
        return end, columns, ignored
    return None


def _continues_header(row: list[str], header: list[str]) -> bool:
    cells = [text for text in row if text]
    if not cells:
        return False
    if all(_NUMBERING.match(text) for text in cells):
        return True
    # Every cell is a header word, or the header's own text carried down by a vertical merge.
    return all(_column_key(text) is not None or text in header for text in cells) and any(
        text not in header for text in cells
    )


def _rows(grid: Grid, start: int, columns: dict[int, str], label: str):
    for index in range(start, len(grid)):
        row = grid[index]
        cells = {key: (row[col] if col < len(row) else "") for col, key in columns.items()}
        values = [v for v in cells.values() if v]
        if not values or all(_NUMBERING.match(v) for v in values):
            continue
        # A section heading («I. Tuyên truyền trên Cổng…»): one text merged across the row, or
        # a text with no form, period or unit and no task number.
        if len(set(values)) == 1 and len(values) > 1:
            continue
        number = cells.get("number", "")
        if not any(cells.get(key) for key in ("form", "period", "lead")) and not (
            number.rstrip(".").isdigit()
        ):
            continue
        yield AnnexRow(where=f"dòng {index + 1} ({label})", cells=cells)
