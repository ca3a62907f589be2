"""«Tải hồ sơ minh chứng»: a job row, built by a background task that reports its progress.

The same pattern as the statistics exports (`cchc.analytics.exports`): the view records the
job and queues `pack_run` on commit; the task claims the row once, writes the ZIP to a
temporary file, stores it in private storage with its SHA-256, and the job page polls the row.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from cchc.communes import audit
from cchc.communes.models import Commune
from cchc.parindex.models import EvidencePackJob
from cchc.parindex.pack import CHUNK, build_pack
from cchc.parindex.scoring import ScoreRefused
from cchc.vietnamese.order import thousands

log = logging.getLogger(__name__)

# A user may have this many packs waiting or running at once.
MAX_OPEN_PACKS = 2


def user_label(user) -> str:
    name = user.get_full_name() or user.get_username()
    return f"{name} ({user.get_username()})" if name != user.get_username() else name


def open_jobs(user) -> int:
    return EvidencePackJob.objects.filter(
        user=user, status__in=[EvidencePackJob.Status.PENDING, EvidencePackJob.Status.RUNNING]
    ).count()


def download_name(job: EvidencePackJob) -> str:
    return f"ho-so-minh-chung-cchc-{job.commune.slug}-{job.year}.zip"


def pack_job_create(*, commune: Commune, year: int, user) -> EvidencePackJob:
    job = EvidencePackJob.objects.create(
        commune=commune, year=year, user=user, user_name=user_label(user)
    )
    audit_pack(user, job, audit.EXPORT)
    transaction.on_commit(lambda: pack_run.enqueue(job.id))
    return job


def audit_pack(user, job: EvidencePackJob, action: str) -> None:
    audit.log_staff_action(
        user=user,
        instance=job,
        action=action,
        title=f"Hồ sơ minh chứng chỉ số CCHC năm {job.year}",
        data={"year": job.year},
    )


def _set_progress(job_id: int, percent: int) -> None:
    EvidencePackJob.objects.filter(pk=job_id, status=EvidencePackJob.Status.RUNNING).update(
        progress=max(1, min(99, percent))
    )


@task()
def pack_run(job_id: int) -> str:
    """Build a job's ZIP once (a second run of the same job does nothing)."""
    claimed = EvidencePackJob.objects.filter(
        pk=job_id, status=EvidencePackJob.Status.PENDING
    ).update(status=EvidencePackJob.Status.RUNNING, progress=1)
    if not claimed:
        return "skipped"
    job = EvidencePackJob.objects.select_related("commune__province").get(pk=job_id)
    try:
        with tempfile.TemporaryFile() as handle:
            entries = build_pack(
                job.commune,
                job.year,
                handle,
                made_by=job.user_name,
                on_progress=lambda percent: _set_progress(job_id, percent),
            )
            size = handle.tell()
            handle.seek(0)
            digest = hashlib.sha256()
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
            handle.seek(0)
            stored = download_name(job).replace(".zip", f"-{secrets.token_hex(8)}.zip")
            job.file.save(stored, File(handle), save=False)
        job.sha256 = digest.hexdigest()
        job.size = size
        job.files = len(entries)
        job.status = EvidencePackJob.Status.DONE
        job.progress = 100
        job.message = f"{len(entries)} tệp minh chứng, {thousands(size)} byte."
    except ScoreRefused as exc:
        job.status = EvidencePackJob.Status.FAILED
        job.message = str(exc)[:300]
    except Exception:
        log.exception("parindex: evidence pack %s failed", job_id)
        job.status = EvidencePackJob.Status.FAILED
        job.message = "Không tạo được hồ sơ (lỗi hệ thống). Hãy thử lại; nếu vẫn lỗi, báo quản trị."
    job.finished_at = timezone.now()
    job.save(
        update_fields=["file", "sha256", "size", "files", "status", "progress", "message",
                       "finished_at"]
    )  # fmt: skip
    return job.status
