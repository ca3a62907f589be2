"""A period's figures as tables, and the CSV and XLSX files written from them.

Search queries are citizens' input: in CSV and XLSX every text cell starting with = + - @ (or a
tab / carriage return) gets a leading apostrophe, so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from django.utils import timezone

from cchc.analytics.method import METHOD
from cchc.analytics.models import Kind
from cchc.analytics.selectors import Figures
from cchc.vietnamese.dates import date_text, time_date_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A text cell a spreadsheet will show, never evaluate (CSV/formula injection guard)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Section:
    sheet: str  # XLSX sheet name (≤ 31 characters)
    title: str
    header: list[str]
    rows: list[list[object]]


def _d(day: datetime.date | None) -> str:
    return date_text(day, "chưa có")


def _kind_label(kind: str) -> str:
    return Kind(kind).label if kind in Kind.values else "(không rõ)"


def sections(fig: Figures, *, exported_by: str, exported_at: datetime.datetime) -> list[Section]:
    """The figures as tables: the sheets of the XLSX, the sections of the CSV."""
    local = timezone.localtime(exported_at)
    method = Section(
        "Phương pháp",
        "Phương pháp thống kê",
        ["Mục", "Nội dung"],
        [
            ["Xã, phường", f"{fig.commune.full_name}, {fig.commune.province}"],
            ["Khoảng thời gian", fig.period.label()],
            ["Kỳ so sánh (liền trước, cùng số ngày)", fig.previous.label()],
            ["Số liệu chính thức đến hết ngày", _d(fig.final_through)],
            ["Người xuất", exported_by],
            ["Thời điểm xuất", time_date_text(local)],
            *[[name, text] for name, text in METHOD],
        ],
    )
    totals = Section(
        "Tổng hợp",
        "Tổng hợp",
        ["Chỉ số", "Kỳ này", "Kỳ trước"],
        [
            ["Lượt xem chuyên mục", fig.section.views, fig.previous_section.views],
            ["Khách truy cập chuyên mục", fig.section.visitors, fig.previous_section.visitors],
            [
                "Lượt tải lại bị loại (chuyên mục)",
                fig.section.reloads,
                fig.previous_section.reloads,
            ],
            ["Lượt xem toàn cổng", fig.site.views, fig.previous_site.views],
            ["Khách truy cập toàn cổng", fig.site.visitors, fig.previous_site.visitors],
            ["Lượt tải lại bị loại (toàn cổng)", fig.site.reloads, fig.previous_site.reloads],
            ["Lượt tìm kiếm", fig.search_total, fig.previous_search_total],
            ["Lượt tìm kiếm không có kết quả", fig.no_result_total, fig.previous_no_result_total],
        ],
    )
    daily = Section(
        "Theo ngày",
        "Theo ngày",
        [
            "Ngày",
            "Lượt xem chuyên mục",
            "Khách truy cập chuyên mục",
            "Lượt tải lại bị loại (chuyên mục)",
            "Lượt xem toàn cổng",
            "Khách truy cập toàn cổng",
        ],
        [
            [
                date_text(d.day),
                d.section.views,
                d.section.visitors,
                d.section.reloads,
                d.site.views,
                d.site.visitors,
            ]
            for d in fig.days
        ],
    )
    pages = Section(
        "Trang",
        "Trang trong chuyên mục",
        ["Trang", "Loại nội dung", "Địa chỉ", "Lượt xem", "Khách truy cập", "Lượt xem kỳ trước"],
        [
            [r.label, _kind_label(r.kind), r.url, r.views, r.visitors, r.previous_views]
            for r in fig.pages
        ],
    )
    procedures = Section(
        "Thủ tục",
        "Thủ tục hành chính",
        ["Mã thủ tục", "Thủ tục", "Lượt xem", "Khách truy cập", "Lượt xem kỳ trước"],
        [
            [r.key, r.label.removesuffix(f" ({r.key})"), r.views, r.visitors, r.previous_views]
            for r in fig.procedures
        ],
    )
    interest = Section(
        "Mức độ quan tâm",
        "Mức độ quan tâm theo bài viết",
        [
            "Bài viết",
            "Khách truy cập",
            "Người đọc kỹ",
            "Lượt chia sẻ",
            "Điểm quan tâm",
            "Điểm kỳ trước",
        ],
        [
            [i.title, i.visitors, i.engaged, i.shares, i.score, i.previous_score]
            for i in fig.interest
        ],
    )

    def choice_section(sheet: str, title: str, name: str, rows) -> Section:
        return Section(
            sheet,
            title,
            [name, "Lượt xem", "Khách truy cập", "Lượt xem kỳ trước"],
            [[r.label, r.views, r.visitors, r.previous_views] for r in rows],
        )

    searches = Section(
        "Từ khóa tìm kiếm",
        "Từ khóa tìm kiếm nhiều nhất",
        ["Từ khóa (không dấu)", "Số lượt tìm", "Số kết quả nhiều nhất"],
        [[s.text, s.count, s.results] for s in fig.searches],
    )
    missing = Section(
        "Tìm không thấy",
        "Từ khóa tìm kiếm không có kết quả",
        ["Từ khóa (không dấu)", "Số lượt tìm"],
        [[s.text, s.count] for s in fig.no_result],
    )
    return [
        method,
        totals,
        daily,
        pages,
        procedures,
        interest,
        choice_section("Chủ đề", "Theo chủ đề", "Chủ đề", fig.topics),
        choice_section("Loại nội dung", "Theo loại nội dung", "Loại nội dung", fig.kinds),
        choice_section("Kênh", "Theo kênh truy cập", "Kênh", fig.channels),
        choice_section("Thiết bị", "Theo thiết bị", "Thiết bị", fig.devices),
        searches,
        missing,
    ]


# --- Writers -----------------------------------------------------------------------------------


def write_csv(parts: list[Section]) -> bytes:
    """One UTF-8 file with a BOM (so Excel reads the Vietnamese), sections one after another."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for part in parts:
        writer.writerow([safe_cell(part.title)])
        writer.writerow([safe_cell(h) for h in part.header])
        writer.writerows([safe_cell(c) for c in row] for row in part.rows)
        writer.writerow([])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(parts: list[Section]) -> bytes:
    """One sheet per section, bold frozen header row, text cells never formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for part in parts:
        sheet = workbook.create_sheet(part.sheet[:31])
        sheet.append([safe_cell(h) for h in part.header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in part.rows:
            sheet.append([safe_cell(c) for c in row])
        sheet.freeze_panes = "A2"
        for index, name in enumerate(part.header, start=1):
            longest = max([len(str(name)), *(len(str(row[index - 1])) for row in part.rows[:500])])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
    workbook.properties.title = "Thống kê lượt truy cập chuyên mục Cải cách hành chính"
    workbook.properties.creator = "cchc"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
