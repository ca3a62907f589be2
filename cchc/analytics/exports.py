"""Evidence exports of a period's figures: CSV, XLSX and a Decree 30 DOCX report, as jobs.

An export is an `ExportJob` row (who, when, which period, which format, the file's SHA-256),
created by the dashboard and run in the background by `export_run`, which reports its progress
on the row. The three writers (`cchc.analytics.export_tables` for CSV and XLSX,
`cchc.analytics.export_report` for the DOCX) take the same `Figures` the dashboard shows, so a
file says exactly what the screen said.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cchc.analytics.export_report import write_docx
from cchc.analytics.export_tables import sections, write_csv, write_xlsx
from cchc.analytics.models import ExportJob
from cchc.analytics.periods import Period
from cchc.analytics.selectors import figures
from cchc.communes import audit
from cchc.communes.models import Commune
from cchc.vietnamese.dates import date_text
from cchc.vietnamese.order import thousands

log = logging.getLogger(__name__)

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
        data={"format": job.format, "start": date_text(job.start), "end": date_text(job.end)},
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
