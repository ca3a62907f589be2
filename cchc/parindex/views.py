"""Back office «Chỉ số CCHC»: the communication score of a year with its reasons, and the
evidence pack built in the background.

Who (cchc.reports.selectors: communes_for, can_follow): the commune's coordinators
and leaders, its province's officers, superusers. A commune, a job or a file of a commune the
user does not follow is a 404, never its name, score or file.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cchc.communes import audit
from cchc.communes.models import Commune
from cchc.inputs import whole_number
from cchc.parindex.jobs import MAX_OPEN_PACKS, audit_pack, download_name, open_jobs, pack_job_create
from cchc.parindex.models import EvidencePackJob
from cchc.parindex.scoring import ScoreRefused, par_score
from cchc.plans.selectors import plan_for
from cchc.reports.selectors import can_follow, communes_for


def followed_communes(user) -> list[Commune]:
    communes = [c for c in communes_for(user) if can_follow(user, c)]
    return sorted(communes, key=lambda c: (c.province.name, c.name))


def shows_menu(user) -> bool:
    return bool(followed_communes(user))


def _chosen(communes: list[Commune], raw: str | None) -> Commune:
    if raw:
        wanted = whole_number(raw, low=1)
        for commune in communes:
            if commune.id == wanted:
                return commune
        raise Http404("Không có xã, phường này trong danh sách bạn được xem.")
    return communes[0]


def _year(raw: str | None) -> int:
    return whole_number(raw or "", low=2020, high=2100) or timezone.localdate().year


def _page_url(commune: Commune, year: int) -> str:
    return reverse("parindex_index") + "?" + urlencode({"xa": commune.id, "nam": year})


def index(request: HttpRequest) -> HttpResponse:
    communes = followed_communes(request.user)
    if not communes:
        raise Http404
    commune = _chosen(communes, request.GET.get("xa"))
    year = _year(request.GET.get("nam"))
    score, refusal = None, ""
    try:
        score = par_score(commune, year)
    except ScoreRefused as exc:
        refusal = str(exc)
    this_year = timezone.localdate().year
    jobs = EvidencePackJob.objects.filter(commune=commune, year=year)[:5]
    return TemplateResponse(
        request,
        "parindex/index.html",
        {
            "page_title": "Chỉ số CCHC",
            "header_icon": "tasks",
            "communes": communes,
            "commune": commune,
            "year": year,
            "years": range(this_year - 3, this_year + 2),
            "score": score,
            "refusal": refusal,
            "jobs": jobs,
        },
    )


@require_POST
def pack_start(request: HttpRequest) -> HttpResponse:
    communes = followed_communes(request.user)
    if not communes:
        raise Http404
    commune = _chosen(communes, request.POST.get("xa") or "0")
    year = _year(request.POST.get("nam"))
    if plan_for(commune, year) is None:
        messages.error(request, f"{commune.full_name} chưa có kế hoạch tuyên truyền năm {year}.")
        return redirect(_page_url(commune, year))
    waiting = open_jobs(request.user)
    if waiting >= MAX_OPEN_PACKS:
        messages.warning(
            request, f"Bạn đang có {waiting} hồ sơ chưa lập xong; hãy chờ xong rồi lập tiếp."
        )
        return redirect(_page_url(commune, year))
    job = pack_job_create(commune=commune, year=year, user=request.user)
    return redirect("parindex_pack_job", job.id)


def _job_for(request: HttpRequest, job_id: int) -> EvidencePackJob:
    job = get_object_or_404(EvidencePackJob.objects.select_related("commune__province"), pk=job_id)
    if job.commune_id not in {c.id for c in followed_communes(request.user)}:
        raise Http404
    return job


def _running(job: EvidencePackJob) -> bool:
    return job.status in (EvidencePackJob.Status.PENDING, EvidencePackJob.Status.RUNNING)


def pack_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    return TemplateResponse(
        request,
        "parindex/job.html",
        {
            "page_title": "Hồ sơ minh chứng",
            "header_icon": "download",
            "job": job,
            "running": _running(job),
            "back": _page_url(job.commune, job.year),
            "status_url": reverse("parindex_pack_status", args=[job.id]),
        },
    )


def pack_status(request: HttpRequest, job_id: int) -> JsonResponse:
    """The job's progress for a page or a script that polls."""
    job = _job_for(request, job_id)
    done = job.status == EvidencePackJob.Status.DONE and bool(job.file)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "progress": job.progress,
            "message": job.message,
            "sha256": job.sha256 if done else "",
            "download": reverse("parindex_pack_download", args=[job.id]) if done else "",
        }
    )


def pack_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    if job.status != EvidencePackJob.Status.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp đã bị xoá khỏi máy chủ; hãy lập lại hồ sơ.") from None
    audit_pack(request.user, job, audit.DOWNLOAD)
    return FileResponse(
        handle, as_attachment=True, filename=download_name(job), content_type="application/zip"
    )
