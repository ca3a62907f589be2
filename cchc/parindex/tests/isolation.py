"""Chỉ số CCHC in the generated isolation suite: commune B's finished evidence pack, the
fillers of the parindex URLs, and the rows that must not change (cchc/tests/isolation_*)."""

from __future__ import annotations

from django.core.files.base import ContentFile

from cchc.parindex.models import EvidencePackJob


def build_parindex(*, b, user_b, label: str) -> EvidencePackJob:
    """Commune B's pack of 2026, done, its file holding the marker."""
    job = EvidencePackJob.objects.create(
        commune=b, year=2026, user=user_b, user_name=label[:150], status="done", progress=100,
        message=label, sha256="0" * 64, files=1,
    )  # fmt: skip
    job.file.save("ho-so-b.zip", ContentFile(label.encode()), save=True)
    return job


def parindex_snapshot(w) -> dict[str, object]:
    return {
        "evidence packs": (
            EvidencePackJob.objects.filter(commune=w.b), "pk", "status", "file", "message"
        ),
    }  # fmt: skip


def parindex_fillers(Fill, q, GET) -> dict:
    """The fillers of every parindex URL (Fill and helpers from cchc.tests.isolation_fillers)."""

    def job(w):
        return [Fill(kwargs={"job_id": w.par_job_b.pk}, methods=GET)]

    return {
        "parindex_index": lambda w: [
            Fill(methods=GET),
            Fill(query=q(xa=w.b.pk), methods=GET),
            Fill(query=q(xa=w.b.pk, nam=2026), methods=GET),
        ],
        "parindex_pack_start": lambda w: [
            Fill(data={"xa": str(w.b.pk), "nam": "2026"}, methods=("POST",)),
        ],
        "parindex_pack_job": job,
        "parindex_pack_status": job,
        "parindex_pack_download": job,
    }
