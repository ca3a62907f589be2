"""Evidence exports of a period's figures: CSV, XLSX and a Decree 30 DOCX report.

An export is an `ExportJob` row (who, when, which period, which format, the file's SHA-256),
created by the dashboard and run in the background by `export_run`, which reports its progress
on the row. The three writers take the same `Figures` the dashboard shows, so a file says
exactly what the screen said.

Search queries are citizens' input: in CSV and XLSX every text cell starting with = + - @ (or a
tab / carriage return) gets a leading apostrophe, so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cchc.analytics.charts import change_words, share_of
from cchc.analytics.models import ExportJob, Kind
from cchc.analytics.periods import Period
from cchc.analytics.search_figures import SEARCH_MIN_VISITORS
from cchc.analytics.selectors import Figures, by_month, figures
from cchc.analytics.words import quotable
from cchc.communes import audit
from cchc.communes.models import Commune
from cchc.vietnamese.order import thousands

log = logging.getLogger(__name__)

# How counting works, in the words the dashboard's "Cách đếm" panel, the files and the report use.
METHOD = [
    (
        "Lượt xem",
        "Mỗi lần một người mở một trang công khai của cổng thông tin (kể cả trang được phục vụ "
        "từ bộ nhớ đệm) được ghi là một lượt xem.",
    ),
    (
        "Tải lại trang",
        "Cùng một người mở lại cùng một trang trong vòng 30 phút chỉ được tính một lần; các "
        "lượt tải lại vẫn được ghi nhận riêng và nêu ở cột «lượt tải lại bị loại».",
    ),
    (
        "Không tính",
        "Không tính máy tìm kiếm, công cụ tự động (bot), trình thu thập, lượt tải trước "
        "(prefetch) của trình duyệt, bản xem trước và cán bộ đã đăng nhập trang quản trị.",
    ),
    (
        "Khách truy cập",
        "Không dùng cookie, không lưu địa chỉ IP hay thông tin trình duyệt. Một khách là một mã "
        "băm của (chuỗi bí mật của ngày, xã/phường, địa chỉ IP, trình duyệt); chuỗi bí mật bị "
        "xoá khi hết ngày nên không ai, kể cả quản trị hệ thống, truy ngược hay nối được khách "
        "giữa các ngày. Vì vậy số khách của nhiều ngày là tổng số khách từng ngày.",
    ),
    (
        "Chuyên mục và toàn cổng",
        "«Chuyên mục» là các trang thuộc chuyên mục Cải cách hành chính; «toàn cổng» gồm mọi "
        "trang công khai của xã, phường. Thống kê theo trang, chủ đề, kênh, thiết bị chỉ tính "
        "lượt xem trong chuyên mục.",
    ),
    (
        "Đọc kỹ, chia sẻ",
        "Trang bài viết gửi tín hiệu khi người đọc ở lại từ 30 giây hoặc cuộn tới 75 % bài, và "
        "khi bấm chia sẻ (không cookie). Mức độ quan tâm = khách + 2 × người đọc kỹ + 3 × lượt "
        "chia sẻ; một khách chia sẻ một bài nhiều lần trong ngày chỉ tính một lượt.",
    ),
    (
        "Từ khóa tìm kiếm",
        "Từ khóa được lưu không dấu, đã che số điện thoại, số giấy tờ và địa chỉ thư điện tử; "
        "từ khóa gốc chỉ giữ trong thời hạn lưu dữ liệu gốc rồi bị xoá, tổng số lượt tìm vẫn "
        f"được giữ. Chỉ liệt kê từ khóa có ít nhất {SEARCH_MIN_VISITORS} khách khác nhau gõ "
        "trong kỳ, để tên người hay điều riêng tư một người gõ không bao giờ hiện ra.",
    ),
    (
        "Chốt số liệu",
        "Số liệu được tổng hợp vài phút một lần; số liệu của một ngày là chính thức từ ngày hôm "
        "sau, số liệu hôm nay là tạm tính. Không ai sửa được số liệu đã tổng hợp; mỗi lần xuất "
        "số liệu được ghi nhật ký kèm mã SHA-256 của tệp.",
    ),
]

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
    return f"{day:%d/%m/%Y}" if day else "chưa có"


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
            ["Thời điểm xuất", f"{local:%H:%M %d/%m/%Y}"],
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
                f"{d.day:%d/%m/%Y}",
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


def _province_committee(commune: Commune) -> str:
    name = commune.province.name
    return (
        f"UBND {name[0].lower() + name[1:]}"
        if name.startswith("Thành phố")
        else (f"UBND tỉnh {name}")
    )


def assessment(fig: Figures) -> list[str]:
    """Neutral sentences drawn from the figures, for part IV of the report."""
    trend = change_words(fig.section.views, fig.previous_section.views, arrow=False)
    sentences = [
        f"Trong kỳ, chuyên mục có {thousands(fig.section.views)} lượt xem của "
        f"{thousands(fig.section.visitors)} lượt khách truy cập (cộng theo ngày); so với kỳ trước "
        f"({thousands(fig.previous_section.views)} lượt xem): {trend}."
    ]
    topic = fig.top_topic
    topic_total = sum(r.views for r in fig.topics)
    if topic is not None:
        sentences.append(
            f"Chủ đề được quan tâm nhất là «{topic.label}» với {thousands(topic.views)} lượt xem "
            f"({share_of(topic.views, topic_total)} lượt xem theo chủ đề)."
        )
    else:
        sentences.append("Trong kỳ chưa có lượt xem nào ở các bài viết gắn chủ đề.")
    channels = {r.key: r for r in fig.channels}
    if fig.section.views:
        zalo, facebook = channels["zalo"].views, channels["facebook"].views
        sentences.append(
            f"Lượt xem đến từ Zalo chiếm {share_of(zalo, fig.section.views)} "
            f"({thousands(zalo)} lượt), từ Facebook {share_of(facebook, fig.section.views)} "
            f"({thousands(facebook)} lượt)."
        )
        mobile = {r.key: r for r in fig.devices}["mobile"].views
        sentences.append(
            f"{share_of(mobile, fig.section.views)} lượt xem là từ điện thoại; nội dung cần "
            "ngắn gọn, dễ đọc trên điện thoại."
        )
    if fig.interest and fig.interest[0].score:
        best = fig.interest[0]
        sentences.append(
            f"Bài viết được quan tâm nhất là «{best.title}» "
            f"(điểm quan tâm {thousands(best.score)}: "
            f"{thousands(best.visitors)} khách, {thousands(best.engaged)} người đọc kỹ, "
            f"{thousands(best.shares)} lượt chia sẻ)."
        )
    if fig.no_result_total:
        # fig.no_result holds only queries of enough different visitors (selectors); of those,
        # the report quotes words only, never junk such as "#" or "aaaa" (cchc.analytics.words).
        examples = ", ".join(f"«{s.text}»" for s in quotable(fig.no_result, limit=5))
        sentences.append(
            f"Có {thousands(fig.no_result_total)} lượt tìm kiếm không có kết quả "
            f"({thousands(fig.no_result_queries)} từ khóa khác nhau)"
            + (f", ví dụ: {examples}" if examples else "")
            + ". Đề nghị các đơn vị, biên tập viên bổ sung tin, bài, hướng dẫn về những nội dung "
            "người dân đang tìm mà chưa có."
        )
    elif fig.search_total:
        sentences.append(f"Cả {thousands(fig.search_total)} lượt tìm kiếm trong kỳ đều có kết quả.")
    sentences.append(
        "Đề nghị tiếp tục chia sẻ các tin, bài, hướng dẫn của chuyên mục lên nhóm Zalo, trang "
        "Facebook của xã, phường và các thôn, tổ dân phố để người dân biết và sử dụng."
    )
    return sentences


def report_document(fig: Figures):
    """The DOCX report as a Decree 30 document (cchc.decree30)."""
    from cchc.decree30 import Heading, OfficialDocument, Paragraph, Signer, Table

    commune = fig.commune
    s, ps = fig.section, fig.previous_section

    def row(name: str, now: int, before: int) -> list[str]:
        return [name, thousands(now), thousands(before), change_words(now, before, arrow=False)]

    def ranked(rows, first: str) -> Table:
        return Table(
            header=["TT", first, "Lượt xem", "Khách truy cập"],
            rows=[
                [str(n), r.label, thousands(r.views), thousands(r.visitors)]
                for n, r in enumerate(rows, start=1)
            ]
            or [["", "Chưa có lượt xem", "0", "0"]],
            widths_cm=[1.0, 9.5, 3.0, 3.0],
        )

    def shares(rows, first: str) -> Table:
        total = sum(r.views for r in rows)
        return Table(
            header=[first, "Lượt xem", "Tỷ lệ", "Kỳ trước"],
            rows=[
                [r.label, thousands(r.views), share_of(r.views, total), thousands(r.previous_views)]
                for r in rows
            ],
            widths_cm=[8.5, 2.7, 2.3, 3.0],
        )

    body = [
        Paragraph(
            f"{commune.committee_name} báo cáo kết quả thống kê lượt truy cập chuyên mục Cải "
            f"cách hành chính trên Cổng thông tin điện tử của "
            f"{commune.get_kind_display().lower()} {commune.name} "
            f"{fig.period.label()} ({thousands(fig.period.days)} ngày), so với {fig.previous.days} "
            f"ngày liền trước ({fig.previous.label()}), như sau:"
        ),
        Heading("I. PHƯƠNG PHÁP THỐNG KÊ", level=1),
        *[Paragraph(f"- {name}: {text}") for name, text in METHOD],
        Heading("II. KẾT QUẢ", level=1),
        Heading("1. Tổng hợp", level=2),
        Table(
            header=["Chỉ số", "Kỳ này", "Kỳ trước", "Thay đổi"],
            rows=[
                row("Lượt xem chuyên mục", s.views, ps.views),
                row("Khách truy cập chuyên mục", s.visitors, ps.visitors),
                row("Lượt tải lại bị loại", s.reloads, ps.reloads),
                row("Lượt xem toàn cổng", fig.site.views, fig.previous_site.views),
                row("Khách truy cập toàn cổng", fig.site.visitors, fig.previous_site.visitors),
            ],
            widths_cm=[6.5, 3.0, 3.0, 4.0],
        ),
        Heading("2. Theo tháng", level=2),
        Table(
            header=["Tháng", "Lượt xem chuyên mục", "Khách truy cập", "Lượt xem toàn cổng"],
            rows=[
                [month, thousands(sec.views), thousands(sec.visitors), thousands(site.views)]
                for month, sec, site in by_month(fig.days)
            ],
            widths_cm=[3.0, 4.5, 4.5, 4.5],
        ),
        Heading("3. Nội dung được xem nhiều nhất", level=2),
        Paragraph("a) Tin, bài:", italic=True),
        ranked(fig.articles, "Tin, bài"),
        Paragraph("b) Thủ tục hành chính:", italic=True),
        ranked(fig.procedures, "Thủ tục hành chính"),
        Paragraph("c) Văn bản chỉ đạo:", italic=True),
        ranked(fig.documents, "Văn bản"),
        Paragraph("d) Hướng dẫn dịch vụ công trực tuyến:", italic=True),
        ranked(fig.guides, "Hướng dẫn"),
        Heading("4. Theo chủ đề tuyên truyền", level=2),
        shares(fig.topics, "Chủ đề"),
        Heading("5. Theo kênh truy cập", level=2),
        shares(fig.channels, "Kênh"),
        Heading("6. Theo thiết bị", level=2),
        shares(fig.devices, "Thiết bị"),
        # The signed report quotes only words (cchc.analytics.words); junk queries typed by
        # enough visitors still count in the totals and stay in the CSV/XLSX figures.
        Heading("III. NHU CẦU THÔNG TIN CỦA NGƯỜI DÂN", level=1),
        Paragraph(
            f"Trong kỳ có {thousands(fig.search_total)} lượt tìm kiếm trên cổng, trong đó "
            f"{thousands(fig.no_result_total)} lượt không có kết quả "
            f"({share_of(fig.no_result_total, fig.search_total)})."
        ),
        Heading("1. Từ khóa được tìm nhiều nhất", level=2),
        Table(
            header=["TT", "Từ khóa (không dấu)", "Số lượt tìm"],
            rows=[
                [str(n), q.text, thousands(q.count)]
                for n, q in enumerate(quotable(fig.searches), 1)
            ]
            or [["", "Chưa có lượt tìm kiếm", "0"]],
            widths_cm=[1.0, 12.0, 3.5],
        ),
        Heading("2. Từ khóa tìm không có kết quả", level=2),
        Table(
            header=["TT", "Từ khóa (không dấu)", "Số lượt tìm"],
            rows=[
                [str(n), q.text, thousands(q.count)]
                for n, q in enumerate(quotable(fig.no_result), 1)
            ]
            or [["", "Không có", "0"]],
            widths_cm=[1.0, 12.0, 3.5],
        ),
        Heading("IV. ĐÁNH GIÁ, ĐỀ XUẤT", level=1),
        *[Paragraph(sentence) for sentence in assessment(fig)],
    ]
    return OfficialDocument(
        issuer_parent="",
        issuer=commune.committee_name.upper(),
        number_symbol="Số:      /BC-UBND",
        place=commune.name,
        date=None,
        doc_type="BÁO CÁO",
        title=f"Thống kê lượt truy cập chuyên mục Cải cách hành chính {fig.period.label()}",
        body=body,
        signer=Signer(authority="TM. ỦY BAN NHÂN DÂN", position="CHỦ TỊCH", name=""),
        recipients=[
            f"- {_province_committee(commune)} (b/c);",
            "- Sở Nội vụ (b/c);",
            "- Lưu: VT, VHXH.",
        ],
    )


def write_docx(fig: Figures) -> bytes:
    from cchc.decree30 import render_docx

    return render_docx(report_document(fig))


# --- Jobs --------------------------------------------------------------------------------------

CONTENT_TYPES = {
    ExportJob.Format.CSV: "text/csv; charset=utf-8",
    ExportJob.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportJob.Format.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}


def download_name(job: ExportJob) -> str:
    return f"thong-ke-{job.commune.slug}-{job.start:%Y%m%d}-{job.end:%Y%m%d}.{job.format}"


def build_file(job: ExportJob, on_progress: Callable[[int], None]) -> bytes:
    """The file of a job; progress from 5 to 90 while the figures are read and written."""
    period = Period(job.start, job.end)
    report = job.format == ExportJob.Format.DOCX
    fig = figures(
        job.commune,
        period,
        top=10 if report else None,
        searches=20 if report else None,
        on_progress=lambda p: on_progress(5 + p * 70 // 100),
    )
    on_progress(80)
    if report:
        return write_docx(fig)
    parts = sections(fig, exported_by=job.user_name, exported_at=job.created_at)
    on_progress(85)
    return write_csv(parts) if job.format == ExportJob.Format.CSV else write_xlsx(parts)


def export_job_create(*, commune: Commune, user, format: str, period: Period) -> ExportJob:
    """Record an export (the audit row) and queue its task."""
    name = user.get_full_name() or user.get_username()
    job = ExportJob.objects.create(
        commune=commune,
        user=user,
        user_name=f"{name} ({user.get_username()})" if name != user.get_username() else name,
        format=format,
        start=period.start,
        end=period.end,
    )
    audit_export(user, job, audit.EXPORT)
    transaction.on_commit(lambda: export_run.enqueue(job.id))
    return job


def audit_export(user, job: ExportJob, action: str) -> None:
    """An export started or a file downloaded, in the commune's audit log (Wagtail's)."""
    audit.log_staff_action(
        user=user,
        instance=job,
        action=action,
        title=f"Báo cáo thống kê truy cập {job}",
        data={"format": job.format, "start": f"{job.start:%d/%m/%Y}", "end": f"{job.end:%d/%m/%Y}"},
    )


def _set_progress(job_id: int, percent: int) -> None:
    ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(
        progress=max(0, min(99, percent))
    )


@task()
def export_run(job_id: int) -> str:
    """Build a job's file, store it with its SHA-256. Runs once: a second run does nothing."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING, progress=1
    )
    if not claimed:
        return "skipped"
    job = ExportJob.objects.select_related("commune__province").get(pk=job_id)
    try:
        data = build_file(job, lambda percent: _set_progress(job_id, percent))
        digest = hashlib.sha256(data).hexdigest()
        # A random part in the stored name: the file cannot be fetched by guessing its path.
        stored = download_name(job).replace(
            f".{job.format}", f"-{secrets.token_hex(8)}.{job.format}"
        )
        job.file.save(stored, ContentFile(data), save=False)
        job.sha256 = digest
        job.status = ExportJob.Status.DONE
        job.progress = 100
        job.message = f"Đã tạo tệp {thousands(len(data))} byte."
    except Exception as exc:
        log.exception("analytics: export %s failed", job_id)
        job.status = ExportJob.Status.FAILED
        detail = str(exc) if isinstance(exc, ValueError) else "lỗi hệ thống"
        job.message = (
            f"Không tạo được tệp ({detail}). Hãy thử lại; nếu vẫn lỗi, báo quản trị hệ thống."
        )[:300]
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "sha256", "status", "progress", "message", "finished_at"])
    return job.status
