"""The evidence pack: one ZIP with the score's evidence, each file listed with its SHA-256.

    00-muc-luc.docx            the index (Decree 30): the score, then every file, its
                               sub-criteria, size and SHA-256 (an annex table)
    SHA256SUMS.txt             the same digests, for `sha256sum -c`
    01-ke-hoach/               the plan as DOCX (with its annex) and XLSX (cchc.plans)
    02-san-pham/               items, products with dates and links, the score's reasons (XLSX)
    03-bao-cao-dinh-ky/<kỳ>/   the commune's saved report (DOCX); each unit's current report: its
                               text and its attached files
    04-thong-ke/               the reform section's statistics of the year (cchc.analytics)
    05-tep-dinh-kem/           files and photos the evidence kinds attach to products

Everything is read for the pack's commune only, through the selectors of plans, reports and
analytics; files are copied into the ZIP in chunks while hashed, and the ZIP is written to a
file the caller gives (a temporary file), never held in memory whole.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.utils import timezone

from cchc.communes.models import Commune
from cchc.parindex.gathering import year_span
from cchc.parindex.methods import vn_number
from cchc.parindex.scoring import Score, par_score
from cchc.vietnamese import fold
from cchc.vietnamese.order import thousands

CHUNK = 1024 * 1024
INDEX_NAME = "00-muc-luc.docx"
SUMS_NAME = "SHA256SUMS.txt"

# Which methods each group of files is evidence for: the index names the rule's sub-criteria
# that use them (a province's own sub-criteria included).
USES = {
    "plan": {"plan_completion", "plan_issued_by"},
    "products": {"plan_completion", "forms_present"},
    "reports": {"plan_completion"},
    "statistics": {"visits_at_least"},
    "files": {"plan_completion", "forms_present"},
}


@dataclass(frozen=True)
class Entry:
    path: str
    description: str
    use: str  # the sub-criteria it is evidence for, as the index prints them
    size: int
    sha256: str


def safe_name(text: str, *, keep_suffix: bool = False, limit: int = 60) -> str:
    """An ASCII file name from Vietnamese text («Thôn 1» → «thon-1»), suffix kept if asked."""
    stem, suffix = text, ""
    if keep_suffix and "." in text:
        stem, _, ext = text.rpartition(".")
        suffix = "." + re.sub(r"[^a-z0-9]", "", ext.lower())[:8]
    slug = re.sub(r"[^a-z0-9]+", "-", fold(stem).lower()).strip("-")[:limit].strip("-")
    return (slug or "tep") + (suffix if suffix != "." else "")


class PackWriter:
    """Adds files to the ZIP, hashing each on the way in; remembers them for the index."""

    def __init__(self, archive: zipfile.ZipFile, uses: dict[str, str]) -> None:
        self.archive = archive
        self.uses = uses
        self.entries: list[Entry] = []
        self._paths: set[str] = set()

    def _unique(self, path: str) -> str:
        stem, dot, ext = path.rpartition(".")
        candidate, n = path, 2
        while candidate in self._paths:
            candidate = f"{stem}-{n}.{ext}" if dot else f"{path}-{n}"
            n += 1
        self._paths.add(candidate)
        return candidate

    def add_stream(self, path: str, source: BinaryIO, description: str, group: str) -> Entry:
        path = self._unique(path)
        digest, size = hashlib.sha256(), 0
        with self.archive.open(path, "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
        entry = Entry(path, description, self.uses.get(group, ""), size, digest.hexdigest())
        self.entries.append(entry)
        return entry

    def add_bytes(self, path: str, data: bytes, description: str, group: str) -> Entry:
        with tempfile.SpooledTemporaryFile(max_size=CHUNK) as buffer:
            buffer.write(data)
            buffer.seek(0)
            return self.add_stream(path, buffer, description, group)


def uses_of(score: Score) -> dict[str, str]:
    out = {}
    for group, methods in USES.items():
        names = [part.name for part in score.parts if part.method in methods]
        out[group] = "; ".join(names) or "Tài liệu chung"
    return out


# --- The parts of the pack ------------------------------------------------------------------------


def _add_plan(writer: PackWriter, score: Score) -> None:
    from cchc.plans.exporting import plan_docx, plan_xlsx

    plan, year = score.plan, score.year
    number = f" số {plan.number_symbol}" if plan.number_symbol else ""
    writer.add_bytes(
        f"01-ke-hoach/ke-hoach-tuyen-truyen-{year}.docx",
        plan_docx(plan),
        f"Kế hoạch tuyên truyền CCHC năm {year}{number} (văn bản kèm phụ lục nhiệm vụ)",
        "plan",
    )
    writer.add_bytes(
        f"01-ke-hoach/nhiem-vu-{year}.xlsx",
        plan_xlsx(plan),
        f"Bảng nhiệm vụ của kế hoạch năm {year} (Excel)",
        "plan",
    )


def _add_products(writer: PackWriter, score: Score) -> None:
    from openpyxl import Workbook

    from cchc.analytics.export_tables import safe_cell

    book = Workbook(write_only=True)
    items = book.create_sheet("Nhiệm vụ")
    items.append(["TT", "Nội dung", "Hình thức", "Thời gian", "Chỉ tiêu", "Đã thực hiện", "Đạt"])
    products = book.create_sheet("Sản phẩm")
    products.append(
        ["Nhiệm vụ", "Loại sản phẩm", "Hình thức được tính", "Tên sản phẩm", "Ngày", "Đường dẫn",
         "Số lượng"]
    )  # fmt: skip
    labels = score.facts.channel_labels
    count = 0
    for item in score.facts.items:
        items.append(
            [item.position, safe_cell(item.content), item.channel_label, item.period_label,
             f"{item.target} {item.target_unit}", item.done, "Đạt" if item.complete else "Chưa đạt"]
        )  # fmt: skip
        for p in item.products:
            count += 1
            products.append(
                [item.position, p.kind_label, labels.get(p.channel, p.channel), safe_cell(p.title),
                 p.date, safe_cell(p.url), p.count]
            )  # fmt: skip
    reasons = book.create_sheet("Điểm và lý do")
    reasons.append(["Tiêu chí thành phần", "Điểm", "Tối đa", "Lý do"])
    for part in score.parts:
        for reason in part.reasons:
            reasons.append([part.name, float(part.score), float(part.max), safe_cell(reason.text)])
    with tempfile.TemporaryFile() as buffer:
        book.save(buffer)
        buffer.seek(0)
        writer.add_stream(
            f"02-san-pham/san-pham-{score.year}.xlsx",
            buffer,
            f"Danh sách {len(score.facts.items)} nhiệm vụ và {count} sản phẩm (ngày, đường dẫn), "
            "điểm và lý do",
            "products",
        )


def _report_text(report) -> bytes:
    lines = [
        f"Báo cáo {report.get_period_display()} năm {report.year} — {report.unit.name}",
        f"Phiên bản {report.version}, gửi lúc "
        f"{timezone.localtime(report.submitted_at):%H:%M %d/%m/%Y} bởi {report.submitted_by_name}"
        f"; hạn {report.due_on:%d/%m/%Y}{' (gửi muộn)' if report.late else ''}.",
        "",
        "Số liệu từ nền tảng:",
        *[f"- {f.get('label', f.get('key'))}: {f.get('value')}" for f in report.figures or []],
        "",
        "Nội dung:",
        report.text,
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _add_reports(writer: PackWriter, commune: Commune, year: int) -> None:
    from cchc.reports.commune_report import ReportText, latest_version, report_docx
    from cchc.reports.selectors import current_reports, periods_for

    for period in periods_for(commune, year):
        # The commune's own report of the period, as last saved (a draft never saved is not
        # evidence: nobody has read it).
        saved = latest_version(commune, year, period.kind)
        if saved is not None:
            writer.add_bytes(
                f"03-bao-cao-dinh-ky/{year}-{period.kind}/bao-cao-cua-xa-v{saved.version}.docx",
                report_docx(commune, period, ReportText.of(saved)),
                f"Báo cáo {period.label} của {commune.committee_name} (phiên bản {saved.version})",
                "reports",
            )
        reports = current_reports(commune, year, period.kind)
        for report in sorted(reports.values(), key=lambda r: r.unit.name):
            folder = f"03-bao-cao-dinh-ky/{year}-{period.kind}"
            unit = safe_name(report.unit.name)
            what = f"Báo cáo {report.get_period_display()} của {report.unit.name}"
            writer.add_bytes(f"{folder}/{unit}.txt", _report_text(report), what, "reports")
            for attachment in report.attachments.all():
                with attachment.file.open("rb") as source:
                    writer.add_stream(
                        f"{folder}/{unit}/{safe_name(attachment.name, keep_suffix=True)}",
                        source,
                        f"{what}: tệp đính kèm «{attachment.name}»",
                        "reports",
                    )


def _add_statistics(writer: PackWriter, score: Score, today: datetime.date, name: str) -> None:
    from cchc.analytics.export_tables import sections, write_xlsx
    from cchc.analytics.periods import Period
    from cchc.analytics.selectors import figures

    start, end = year_span(score.year, today)
    fig = figures(score.commune, Period(start, end))
    data = write_xlsx(sections(fig, exported_by=name, exported_at=timezone.now()))
    writer.add_bytes(
        f"04-thong-ke/thong-ke-truy-cap-{score.year}.xlsx",
        data,
        f"Thống kê lượt truy cập chuyên mục CCHC từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
        "statistics",
    )


def _add_product_files(writer: PackWriter, score: Score) -> None:
    for item in score.facts.items:
        for product in item.products:
            for attached in product.files:
                with attached["open"]() as source:
                    writer.add_stream(
                        f"05-tep-dinh-kem/nhiem-vu-{item.position}/"
                        f"{safe_name(attached['name'], keep_suffix=True)}",
                        source,
                        f"Nhiệm vụ {item.position}, «{product.title}»: tệp «{attached['name']}»",
                        "files",
                    )


# --- The index ------------------------------------------------------------------------------------


def index_docx(score: Score, entries: Iterable[Entry], made_by: str) -> bytes:
    from cchc.decree30 import (
        Annex,
        Heading,
        OfficialDocument,
        Paragraph,
        Signer,
        Table,
        render_docx,
    )

    commune = score.commune
    entries = list(entries)
    parts = [[part.name, vn_number(part.score), vn_number(part.max)] for part in score.parts] + [
        ["Tổng", vn_number(score.score), vn_number(score.max)]
    ]
    criteria = "», «".join(c.label for c in score.criteria)
    source = f" ({score.rule_set.source})" if score.rule_set.source else ""
    made_at = f"{timezone.localtime():%H:%M ngày %d/%m/%Y}"
    body = [
        Paragraph(
            f"Hồ sơ minh chứng tự đánh giá tiêu chí «{criteria}» của Chỉ số cải cách hành chính "
            f"năm {score.year}, theo quy tắc «{score.rule_set.title}»{source}. Số liệu do nền "
            f"tảng tổng hợp lúc {made_at}, người lập: {made_by}."
        ),
        Heading("I. KẾT QUẢ TỰ CHẤM ĐIỂM"),
        Table(
            header=["Tiêu chí thành phần", "Điểm", "Tối đa"], rows=parts, widths_cm=[11.5, 2.5, 2.5]
        ),
        Heading("II. DANH MỤC MINH CHỨNG"),
        Paragraph(
            f"Hồ sơ gồm {len(entries)} tệp kèm theo (Phụ lục); mỗi tệp có mã SHA-256 để đối "
            f"chiếu: tệp nhận được đúng là tệp đã lập khi mã tính lại trùng với mã trong danh mục "
            f"(tệp {SUMS_NAME} ghi cùng các mã, dùng được với lệnh sha256sum -c)."
        ),
    ]
    rows = [
        [str(n), e.path, e.description, e.use, thousands(e.size), e.sha256]
        for n, e in enumerate(entries, start=1)
    ]
    annex = Annex(
        title=f"Danh mục minh chứng chỉ số CCHC năm {score.year}",
        subtitle=f"(Kèm theo hồ sơ minh chứng của {commune.committee_name})",
        body=[
            Table(
                header=["TT", "Tệp", "Nội dung", "Tiêu chí thành phần", "Byte", "SHA-256"],
                rows=rows or [["", "", "Không có tệp", "", "", ""]],
                widths_cm=[1.0, 5.0, 6.2, 4.5, 1.8, 6.7],
            )
        ],
    )
    return render_docx(
        OfficialDocument(
            issuer_parent=commune.province.name.upper(),
            issuer=commune.committee_name,
            number_symbol="Số:      /DM-UBND",
            place=commune.name,
            date=None,
            doc_type="DANH MỤC",
            title=f"Hồ sơ minh chứng Chỉ số cải cách hành chính năm {score.year} — "
            "tiêu chí tuyên truyền cải cách hành chính",
            body=body,
            signer=Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", ""),
            recipients=["- Phòng Nội vụ (b/c);", "- Lưu: VT, VHXH."],
            annexes=[annex],
        )
    )


# --- The whole pack -------------------------------------------------------------------------------


def build_pack(
    commune: Commune,
    year: int,
    target: BinaryIO,
    *,
    made_by: str = "hệ thống",
    today: datetime.date | None = None,
    on_progress: Callable[[int], None] = lambda percent: None,
) -> list[Entry]:
    """Write the pack of a commune's year into `target`; the entries, index last. Raises
    ScoreRefused without a plan or a rule."""
    today = today or timezone.localdate()
    score = par_score(commune, year, today=today)
    on_progress(10)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        writer = PackWriter(zf, uses_of(score))
        _add_plan(writer, score)
        on_progress(25)
        _add_products(writer, score)
        on_progress(40)
        _add_reports(writer, commune, year)
        on_progress(60)
        _add_statistics(writer, score, today, made_by)
        on_progress(75)
        _add_product_files(writer, score)
        on_progress(90)
        listed = list(writer.entries)
        sums = "".join(f"{e.sha256}  {e.path}\n" for e in listed)
        writer.add_bytes(SUMS_NAME, sums.encode(), "Mã SHA-256 của các tệp", "")
        writer.add_bytes(INDEX_NAME, index_docx(score, listed, made_by), "Danh mục", "")
    on_progress(99)
    return listed


def write_pack_file(commune: Commune, year: int, path, **kwargs) -> list[Entry]:
    """The pack into `path`, through a temporary file beside it (no half-written pack)."""
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False)
    try:
        with handle:
            entries = build_pack(commune, year, handle, **kwargs)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return entries
