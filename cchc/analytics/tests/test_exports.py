"""Evidence exports: CSV with BOM and no formulas, XLSX sheets, the Decree 30 DOCX, the job."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cchc.analytics import exports
from cchc.analytics.export_report import write_docx
from cchc.analytics.export_tables import safe_cell, sections, write_csv, write_xlsx
from cchc.analytics.exports import export_job_create, export_run
from cchc.analytics.models import ExportJob
from cchc.analytics.periods import Period
from cchc.analytics.selectors import figures
from cchc.analytics.tests.test_dashboard import days_ago, record, rollup
from cchc.portal.tests.helpers import publish_article
from cchc.search.querylog import log_query
from cchc.vietnamese.order import thousands


@pytest.fixture
def period() -> Period:
    return Period(days_ago(13), days_ago(0))


@pytest.fixture
def data(commune_a):
    """Views in the period and the one before, an article, a procedure, searches."""
    article = publish_article(commune_a, "=Bài có dấu bằng ở đầu", topics=[4])
    record(commune_a, days_ago(2), visitors=6, reloads=2, page_id=article.id, topics="4")
    record(commune_a, days_ago(3), visitors=3, channel="zalo", device="desktop")
    record(commune_a, days_ago(5), visitors=2, kind="procedure", object_key="1.001193")
    record(commune_a, days_ago(20), visitors=4)  # the previous period
    # Three different visitors each: a query is listed only from three (test_search_privacy).
    for n in range(3):
        log_query(commune_a, '=HYPERLINK("http://x","bam")', 0, visitor=f"{n:016x}")
    for n in range(6):
        log_query(commune_a, "khai sinh", 3, visitor=f"{n % 3:016x}")
    rollup(commune_a)
    return article


def _figures(commune, period):
    return figures(commune, period, top=None, searches=None)


def _sections(commune, period):
    return sections(
        _figures(commune, period),
        exported_by="Nguyễn Văn A",
        exported_at=timezone.now(),
    )


def test_cells_that_a_spreadsheet_would_run_get_an_apostrophe():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+84 912") == "'+84 912"
    assert safe_cell("-2") == "'-2"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell("khai sinh") == "khai sinh"
    assert safe_cell(-2) == -2  # numbers are numbers


def test_the_csv_has_a_bom_vietnamese_headers_and_no_formula(commune_a, period, data):
    raw = write_csv(_sections(commune_a, period))

    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert ["Phương pháp thống kê"] in rows
    assert ["Chỉ số", "Kỳ này", "Kỳ trước"] in rows
    assert ["Lượt xem chuyên mục", "11", "4"] in rows
    assert ["Lượt tải lại bị loại (chuyên mục)", "2", "0"] in rows
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert '\'=hyperlink("http://x","bam")' in cells  # the citizen's text, defused
    assert "'=Bài có dấu bằng ở đầu" in cells
    assert any("30 phút" in c for c in cells)
    for title in ("Theo ngày", "Trang trong chuyên mục", "Thủ tục hành chính", "Theo chủ đề"):
        assert [title] in rows
    assert ["Từ khóa tìm kiếm không có kết quả"] in rows


def test_the_xlsx_has_one_sheet_per_section_with_the_selectors_figures(commune_a, period, data):
    book = load_workbook(io.BytesIO(write_xlsx(_sections(commune_a, period))))
    fig = _figures(commune_a, period)

    assert book.sheetnames == [
        "Phương pháp",
        "Tổng hợp",
        "Theo ngày",
        "Trang",
        "Thủ tục",
        "Mức độ quan tâm",
        "Chủ đề",
        "Loại nội dung",
        "Kênh",
        "Thiết bị",
        "Từ khóa tìm kiếm",
        "Tìm không thấy",
    ]
    method = {row[0]: row[1] for row in book["Phương pháp"].iter_rows(values_only=True)}
    assert method["Khoảng thời gian"] == period.label()
    assert "băm" in method["Khách truy cập"]
    daily = list(book["Theo ngày"].iter_rows(values_only=True))
    assert daily[0][0] == "Ngày" and len(daily) == 1 + period.days
    assert sum(row[1] for row in daily[1:]) == fig.section.views == 11
    channels = {row[0]: row[1] for row in book["Kênh"].iter_rows(min_row=2, values_only=True)}
    assert channels == {r.label: r.views for r in fig.channels}
    procedures = list(book["Thủ tục"].iter_rows(min_row=2, values_only=True))
    assert procedures == [("1.001193", "(thủ tục không còn trong danh mục)", 2, 2, 0)]
    missing = book["Tìm không thấy"]["A2"]
    assert missing.value == '\'=hyperlink("http://x","bam")'
    assert missing.data_type == "s"  # text, not a formula


def _docx_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _table_with(document, header: list[str]):
    for table in document.tables:
        if [c.text for c in table.rows[0].cells] == header:
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table {header}")


def test_the_docx_report_has_the_title_method_and_the_selectors_figures(commune_a, period, data):
    fig = figures(commune_a, period)
    document = Document(io.BytesIO(write_docx(fig)))
    body = _docx_text(document)
    header = " ".join(" ".join(c.text for c in document.tables[0]._cells).split())

    assert "ỦY BAN NHÂN DÂN XÃ ĐỨC THỌ" in header
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "/BC-UBND" in header
    assert "BÁO CÁO" in body
    assert f"Thống kê lượt truy cập chuyên mục Cải cách hành chính {period.label()}" in body
    assert "I. PHƯƠNG PHÁP THỐNG KÊ" in body
    assert "trong vòng 30 phút chỉ được tính một lần" in body
    assert "Không dùng cookie" in body
    totals = _table_with(document, ["Chỉ số", "Kỳ này", "Kỳ trước", "Thay đổi"])
    assert totals[0] == [
        "Lượt xem chuyên mục",
        thousands(fig.section.views),
        thousands(fig.previous_section.views),
        "tăng 175 %",
    ]
    assert totals[2][:3] == ["Lượt tải lại bị loại", "2", "0"]
    articles = _table_with(document, ["TT", "Tin, bài", "Lượt xem", "Khách truy cập"])
    assert articles == [["1", data.title, "6", "6"]]
    topics = _table_with(document, ["Chủ đề", "Lượt xem", "Tỷ lệ", "Kỳ trước"])
    assert len(topics) == 9
    assert {row[0]: row[1] for row in topics}[fig.topics[3].label] == "6"
    missing = _table_with(document, ["TT", "Từ khóa (không dấu)", "Số lượt tìm"])
    assert missing[0][1] == "khai sinh"
    assert "IV. ĐÁNH GIÁ, ĐỀ XUẤT" in body
    assert "Có 3 lượt tìm kiếm không có kết quả (1 từ khóa khác nhau)" in body
    assert "của xã Đức Thọ từ ngày" in body
    assert f"Chủ đề được quan tâm nhất là «{fig.topics[3].label}»" in body
    assert "TM. ỦY BAN NHÂN DÂN" in "\n".join(c.text for c in document.tables[-1]._cells)


def test_an_empty_period_still_gives_a_valid_report(commune_a, period):
    document = Document(io.BytesIO(write_docx(figures(commune_a, period))))
    body = _docx_text(document)
    assert "Trong kỳ chưa có lượt xem nào ở các bài viết gắn chủ đề." in body
    assert _table_with(document, ["TT", "Tin, bài", "Lượt xem", "Khách truy cập"]) == [
        ["", "Chưa có lượt xem", "0", "0"]
    ]


# --- The job -----------------------------------------------------------------------------------


@pytest.fixture
def coordinator(commune_a):
    from cchc.communes.services import membership_grant

    user = get_user_model().objects.create_user(
        "dieu-phoi", first_name="Lan", last_name="Trần Thị", password="x"
    )
    membership_grant(user=user, commune=commune_a, role="coordinator")
    return user


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "docx"])
def test_a_job_runs_to_done_with_progress_and_the_hash_of_its_file(
    commune_a, coordinator, period, data, fmt, monkeypatch, django_capture_on_commit_callbacks
):
    seen: list[int] = []
    original = exports._set_progress
    monkeypatch.setattr(
        exports, "_set_progress", lambda job_id, p: (seen.append(p), original(job_id, p))
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = export_job_create(commune=commune_a, user=coordinator, format=fmt, period=period)

    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    assert seen == sorted(seen) and len(seen) >= 5 and seen[-1] < 100
    assert job.user_name == "Lan Trần Thị (dieu-phoi)"
    assert job.finished_at is not None
    with job.file.open("rb") as f:
        content = f.read()
    assert hashlib.sha256(content).hexdigest() == job.sha256
    assert job.file.name.endswith(f".{fmt}")
    assert exports.download_name(job) not in job.file.name  # a random part in the stored name


def test_a_failed_job_says_why_in_vietnamese(
    commune_a, coordinator, period, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(parts):
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write_xlsx", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job = export_job_create(commune=commune_a, user=coordinator, format="xlsx", period=period)

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message.startswith("Không tạo được tệp (lỗi hệ thống)")
    assert "disk full" not in job.message
    assert not job.file and not job.sha256


def test_a_job_runs_only_once(commune_a, coordinator, period, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = export_job_create(commune=commune_a, user=coordinator, format="csv", period=period)
    job.refresh_from_db()
    first = (job.sha256, job.file.name, job.finished_at)

    assert export_run.call(job.id) == "skipped"
    job.refresh_from_db()
    assert (job.sha256, job.file.name, job.finished_at) == first


def test_the_export_log_keeps_who_what_and_when(commune_a, coordinator, period):
    export_job_create(commune=commune_a, user=coordinator, format="docx", period=period)
    coordinator.delete()

    job = ExportJob.objects.get()
    assert job.user is None
    assert job.user_name == "Lan Trần Thị (dieu-phoi)"
    assert (job.format, job.start, job.end) == ("docx", period.start, period.end)
    assert job.created_at <= timezone.now()
    assert str(job) == f"Báo cáo Word (DOCX) {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"


def test_a_long_export_reads_monthly_rows(commune_a, coordinator):
    start = datetime.date(2025, 1, 1)
    record(commune_a, datetime.date(2025, 2, 10), visitors=5)
    record(commune_a, datetime.date(2025, 7, 31), visitors=2)
    rollup(commune_a)
    fig = figures(commune_a, Period(start, datetime.date(2025, 12, 31)), top=None)
    raw = write_csv(sections(fig, exported_by="x", exported_at=timezone.now()))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert ["Lượt xem chuyên mục", "7", "0"] in rows
    assert ["10/02/2025", "5", "5", "0", "5", "5"] in rows
