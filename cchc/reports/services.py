"""The rules of periodic reports: submitting (and replacing) a unit's report, reminding units.

Every refusal is a `ReportRefused` with a stable `code` (tests assert codes) and a Vietnamese
message the views show as they are.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from cchc.communes.models import Commune, Membership, Unit
from cchc.reports.figures import figures_for
from cchc.reports.models import ReminderSent, ReportAttachment, UnitReport
from cchc.reports.periods import ReportingPeriod
from cchc.reports.selectors import (
    current_reports,
    period_for,
    periods_for,
    reporting_units,
)
from cchc.vietnamese.dates import date_text

log = logging.getLogger(__name__)

MAX_ATTACHMENTS = 10
# A due-soon reminder goes this many working days before the deadline.
REMIND_WORKING_DAYS_BEFORE = 3


class ReportRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# --- Attachments -----------------------------------------------------------------------------


def attachment_error(file: UploadedFile) -> str | None:
    """Why an attachment is refused, or None: the documents' own check (type by content, size,
    markup), so a report takes exactly what the document library takes."""
    from cchc.portal.forms import document_content_error  # loads Wagtail's form modules

    error = document_content_error(file)
    return f"Tệp «{file.name}»: {error}" if error else None


def _sha256(file: UploadedFile) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


# --- Submitting --------------------------------------------------------------------------------


def _open_period(commune: Commune, year: int, kind: str, today: datetime.date) -> ReportingPeriod:
    period = period_for(commune, year, kind)
    if period is None:
        raise ReportRefused(
            "unknown_period", "Tỉnh không yêu cầu kỳ báo cáo này trong năm đã chọn."
        )
    state = period.state_on(today)
    if state == "upcoming":
        raise ReportRefused(
            "not_started",
            f"Kỳ báo cáo {period.label} bắt đầu từ ngày {date_text(period.start)}; "
            "chưa nhận báo cáo trước ngày đó.",
        )
    if state == "closed":
        raise ReportRefused(
            "closed",
            f"Kỳ báo cáo {period.label} đã khóa sau ngày {date_text(period.closes)} "
            f"(hạn gửi là ngày {date_text(period.due)}); không nhận thêm báo cáo. Nếu cần bổ "
            "sung, xin liên hệ Phòng Văn hóa - Xã hội.",
        )
    return period


def report_submit(
    *,
    commune: Commune,
    unit: Unit,
    year: int,
    kind: str,
    text: str,
    user,
    files: Sequence[UploadedFile] = (),
    replaces: UnitReport | None = None,
    today: datetime.date | None = None,
) -> UnitReport:
    """Submit a unit's report for a period, or a new version replacing the current one.

    Refused: a unit of another commune, a period not asked for, not started or closed, empty
    text, a bad attachment, a second submission that does not say which version it replaces
    (a double click, two tabs), or one that replaces a version no longer current.
    """
    today = today or timezone.localdate()
    if unit.commune_id != commune.id:
        raise ReportRefused("foreign_unit", "Đơn vị không thuộc xã, phường này.")
    period = _open_period(commune, year, kind, today)
    text = (text or "").strip()
    if not text:
        raise ReportRefused("empty", "Báo cáo chưa có nội dung. Hãy nhập kết quả thực hiện.")
    if len(files) > MAX_ATTACHMENTS:
        raise ReportRefused("too_many_files", f"Mỗi báo cáo đính kèm tối đa {MAX_ATTACHMENTS} tệp.")
    for file in files:
        error = attachment_error(file)
        if error:
            raise ReportRefused("bad_file", error)
    figures = figures_for(commune, unit, period.start, min(period.end, today))
    try:
        with transaction.atomic():
            report = _new_version(commune, unit, period, text, figures, user, replaces, today)
            for file in files:
                ReportAttachment.objects.create(
                    report=report,
                    file=file,
                    name=file.name[:255],
                    size=file.size,
                    sha256=_sha256(file),
                )
    except IntegrityError as exc:  # the same submission racing itself
        raise _already_submitted(period) from exc
    return report


def _already_submitted(period: ReportingPeriod) -> ReportRefused:
    return ReportRefused(
        "already_submitted",
        f"Đơn vị đã gửi báo cáo {period.label}. Muốn thay thế, hãy mở báo cáo đã gửi và chọn "
        "«Gửi phiên bản mới»; phiên bản cũ vẫn được lưu.",
    )


def _new_version(
    commune: Commune,
    unit: Unit,
    period: ReportingPeriod,
    text: str,
    figures: list[dict],
    user,
    replaces: UnitReport | None,
    today: datetime.date,
) -> UnitReport:
    versions = UnitReport.objects.select_for_update().filter(
        unit=unit, year=period.year, period=period.kind
    )
    current = versions.filter(is_current=True).first()
    if current is not None and replaces is None:
        raise _already_submitted(period)
    if replaces is not None and (current is None or replaces.pk != current.pk):
        raise ReportRefused(
            "stale_version",
            "Báo cáo bạn muốn thay thế không còn là phiên bản mới nhất (có người vừa gửi phiên "
            "bản khác). Hãy tải lại trang để xem phiên bản hiện tại.",
        )
    if current is not None:
        versions.filter(pk=current.pk).update(is_current=False)
    number = (versions.aggregate(top=Max("version"))["top"] or 0) + 1
    name = (user.get_full_name() or user.get_username()) if user else ""
    return UnitReport.objects.create(
        commune=commune,
        unit=unit,
        year=period.year,
        period=period.kind,
        version=number,
        is_current=True,
        text=text,
        figures=figures,
        due_on=period.due,
        late=today > period.due,
        submitted_by=user,
        submitted_by_name=name[:150],
    )


# --- Reminders ---------------------------------------------------------------------------------


def _recipients(unit: Unit) -> list[str]:
    emails = (
        Membership.objects.filter(unit=unit, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def _send(unit: Unit, period: ReportingPeriod, kind: str) -> int:
    """E-mail the unit's staff (Django's mail settings: the console in the demo)."""
    recipients = _recipients(unit)
    if not recipients:
        return 0
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "reports_submit", args=[unit.pk, period.year, period.kind]
    )
    if kind == ReminderSent.Kind.OVERDUE:
        subject = f"[CCHC] Quá hạn báo cáo {period.label} — {unit.name}"
        opening = f"Đã quá hạn gửi báo cáo {period.label} (hạn ngày {date_text(period.due)})."
    else:
        subject = f"[CCHC] Nhắc gửi báo cáo {period.label} — hạn {date_text(period.due)}"
        opening = f"Hạn gửi báo cáo {period.label} là ngày {date_text(period.due)}."
    body = (
        f"Kính gửi {unit.name},\n\n{opening} Đơn vị chưa gửi báo cáo kết quả thực hiện công "
        "tác thông tin, tuyên truyền cải cách hành chính.\n"
        f"Báo cáo được nhận đến hết ngày {date_text(period.closes)}.\n\n"
        f"Gửi báo cáo tại: {url}\n\nPhòng Văn hóa - Xã hội"
    )
    send_mail(subject, body, None, recipients)
    return len(recipients)


def _remind(
    commune: Commune,
    unit: Unit,
    period: ReportingPeriod,
    kind: str,
    today: datetime.date,
    user=None,
) -> bool:
    """Record and send one reminder; False when it was already sent. If the mail fails, the
    record is rolled back so that the next run tries again."""
    with transaction.atomic():
        row, created = ReminderSent.objects.get_or_create(
            unit=unit,
            year=period.year,
            period=period.kind,
            kind=kind,
            **({"sent_on": today} if kind == ReminderSent.Kind.MANUAL else {}),
            defaults={"commune": commune, "sent_on": today, "sent_by": user},
        )
        if not created:
            return False
        row.recipients = _send(unit, period, kind)
        row.save(update_fields=["recipients"])
    return True


def _due_kind(period: ReportingPeriod, today: datetime.date, calendar_add) -> str | None:
    state = period.state_on(today)
    if state == "late":
        return ReminderSent.Kind.OVERDUE
    if state == "open" and today >= calendar_add(period.due, -REMIND_WORKING_DAYS_BEFORE):
        return ReminderSent.Kind.DUE_SOON
    return None


def reminders_send_due(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily task's work: for every commune, each unit that has not reported gets the
    due-soon reminder (within 3 working days of the deadline) and the overdue one (after it,
    until the period closes), each once. Running it again the same day sends nothing."""
    from cchc.reports.selectors import calendar_for

    today = today or timezone.localdate()
    sent = {"due_soon": 0, "overdue": 0, "skipped": 0, "failed": 0}
    for commune in Commune.objects.select_related("province"):
        calendar = calendar_for(commune.province_id)
        units = list(reporting_units(commune))
        for year in (today.year - 1, today.year):
            for period in periods_for(commune, year):
                kind = _due_kind(period, today, calendar.add_working_days)
                if kind is None:
                    continue
                reported = current_reports(commune, year, period.kind)
                for unit in units:
                    if unit.id in reported:
                        continue
                    try:
                        reminded = _remind(commune, unit, period, kind, today)
                    except Exception:  # the mail server: one unit's failure stops no other
                        log.exception("report reminder to unit %s failed", unit.pk)
                        sent["failed"] += 1
                        continue
                    sent[kind if reminded else "skipped"] += 1
    if sent["due_soon"] or sent["overdue"]:
        log.info("report reminders: %s", sent)
    return sent


def reminders_send_manual(
    *, commune: Commune, year: int, kind: str, user, today: datetime.date | None = None
) -> tuple[int, int]:
    """The coordinator's button: remind every unit that has not reported (once a day each).
    Returns (units reminded, units already reminded today)."""
    today = today or timezone.localdate()
    period = period_for(commune, year, kind)
    if period is None or period.state_on(today) in ("upcoming", "closed"):
        raise ReportRefused(
            "not_remindable", "Chỉ nhắc được khi kỳ báo cáo đang mở hoặc đang nhận báo cáo muộn."
        )
    reported = current_reports(commune, year, kind)
    done = skipped = 0
    for unit in reporting_units(commune):
        if unit.id in reported:
            continue
        if _remind(commune, unit, period, ReminderSent.Kind.MANUAL, today, user):
            done += 1
        else:
            skipped += 1
    return done, skipped


def size_limit_text() -> str:
    return filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
