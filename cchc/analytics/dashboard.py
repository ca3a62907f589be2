"""Back-office statistics: the dashboard, the province comparison, exports and their files.

Who sees what:
- staff of a commune (editor, coordinator, leader) see their commune; province officers every
  commune of their province, superusers all (`commune_reach`); anyone else gets 404;
- a commune is chosen with `?xa=<id>`, and an id outside the readable list is 404, never
  another commune's figures;
- coordinators, leaders, province officers (for their province) and superusers export and
  download; editors read the dashboard and the export log but neither export nor download
  (`can_export`): an export is evidence filed on the commune's behalf.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cchc.analytics import charts
from cchc.analytics.charts import change_words
from cchc.analytics.comparison import compare_communes
from cchc.analytics.daily import chart_buckets
from cchc.analytics.exports import (
    CONTENT_TYPES,
    audit_export,
    download_name,
    export_job_create,
)
from cchc.analytics.forms import resolve_period
from cchc.analytics.method import METHOD
from cchc.analytics.models import ExportJob
from cchc.analytics.ranking import Counts
from cchc.analytics.search_figures import SEARCH_MIN_VISITORS
from cchc.analytics.selectors import (
    Figures,
    figures,
    recent_exports,
)
from cchc.communes import audit
from cchc.communes.access import commune_reach, reads_provinces, staff_communes
from cchc.communes.models import Commune
from cchc.inputs import whole_number
from cchc.vietnamese.dates import date_text
from cchc.vietnamese.order import thousands

# A user may have this many exports waiting or running at once.
MAX_OPEN_EXPORTS = 3

# --- Access ------------------------------------------------------------------------------------


def _readable(request: HttpRequest) -> list[Commune]:
    communes = list(commune_reach(request.user).communes())
    if not communes:
        raise Http404
    return sorted(communes, key=lambda c: (c.province.name, c.name))


def _chosen(request: HttpRequest, communes: list[Commune], raw: str | None) -> Commune:
    """The commune asked for (only among the readable ones), else the user's own."""
    if raw:
        # ASCII digits only: "²".isdigit() is True but int("²") fails (a 500 before).
        chosen = whole_number(raw, low=1)
        for commune in communes:
            if commune.id == chosen:
                return commune
        raise Http404("Không có xã, phường này trong danh sách bạn được xem.")
    readable = {c.id for c in communes}
    own = [c for c in staff_communes(request.user) if c.id in readable]
    return next((c for c in communes if own and c.id == own[0].id), communes[0])


def can_export(user, commune: Commune) -> bool:
    """Coordinators and leaders of the commune, province officers of its province, superusers."""
    return commune in commune_reach(user, write=True)


def shows_menu(user) -> bool:
    return bool(user.is_superuser or staff_communes(user) or reads_provinces(user))


# --- Dashboard ---------------------------------------------------------------------------------


def _card(label: str, now: int, before: int, hint: str = "") -> dict:
    return {
        "label": label,
        "value": thousands(now),
        "previous": thousands(before),
        "change": change_words(now, before),
        "hint": hint,
    }


def _rows(rows) -> list[dict]:
    return [
        {
            "label": r.label,
            "url": r.url,
            "views": thousands(r.views),
            "visitors": thousands(r.visitors),
            "previous": thousands(r.previous_views),
            "change": change_words(r.views, r.previous_views),
        }
        for r in rows
    ]


def _bars(rows, label: str) -> dict:
    return {
        "svg": charts.bar_chart([(r.label, r.views) for r in rows], label=label),
        "rows": _rows(rows),
    }


def dashboard_context(fig: Figures) -> dict:
    s, ps = fig.section, fig.previous_section
    unit, buckets = chart_buckets(fig)
    provisional = fig.provisional_from
    return {
        "fig": fig,
        "cards": [
            _card("Lượt xem chuyên mục", s.views, ps.views),
            _card("Khách truy cập chuyên mục", s.visitors, ps.visitors, "cộng theo ngày"),
            _card(
                "Lượt tải lại bị loại", s.reloads, ps.reloads, "mở lại trong 30 phút, không tính"
            ),
            _card("Lượt xem toàn cổng", fig.site.views, fig.previous_site.views),
            _card("Khách truy cập toàn cổng", fig.site.visitors, fig.previous_site.visitors),
            _card("Lượt tìm kiếm", fig.search_total, fig.previous_search_total),
            _card("Tìm không có kết quả", fig.no_result_total, fig.previous_no_result_total),
        ],
        "chart_unit": unit,
        "traffic_svg": charts.traffic_chart(
            [b.label for b in buckets],
            [b.views for b in buckets],
            [b.visitors for b in buckets],
            [b.previous_views for b in buckets],
            unit=unit,
        ),
        "traffic_rows": [
            {
                "label": b.label,
                "views": thousands(b.views),
                "visitors": thousands(b.visitors),
                "previous": thousands(b.previous_views),
            }
            for b in buckets
        ],
        "rankings": [
            ("Tin, bài xem nhiều nhất", "Tin, bài", _rows(fig.articles)),
            ("Thủ tục hành chính xem nhiều nhất", "Thủ tục", _rows(fig.procedures)),
            ("Văn bản chỉ đạo xem nhiều nhất", "Văn bản", _rows(fig.documents)),
            ("Hướng dẫn dịch vụ công xem nhiều nhất", "Hướng dẫn", _rows(fig.guides)),
            ("Trang xem nhiều nhất (mọi loại)", "Trang", _rows(fig.pages)),
        ],
        "topics": _bars(fig.topics, "Lượt xem theo chủ đề tuyên truyền"),
        "channels": _bars(fig.channels, "Lượt xem theo kênh truy cập"),
        "devices": _bars(fig.devices, "Lượt xem theo thiết bị"),
        "interest": [
            {
                "title": i.title,
                "url": i.url,
                "visitors": thousands(i.visitors),
                "engaged": thousands(i.engaged),
                "shares": thousands(i.shares),
                "score": thousands(i.score),
                "change": change_words(i.score, i.previous_score),
            }
            for i in fig.interest
        ],
        "provisional_from": provisional,
        "method": METHOD,
        "search_min_visitors": SEARCH_MIN_VISITORS,
    }


def dashboard(request: HttpRequest) -> HttpResponse:
    communes = _readable(request)
    commune = _chosen(request, communes, request.GET.get("xa"))
    resolved = resolve_period(request.GET, timezone.localdate())
    fig = figures(commune, resolved.period)
    context = {
        **dashboard_context(fig),
        "page_title": "Thống kê truy cập",
        "header_icon": "table",
        "commune": commune,
        "communes": communes if len(communes) > 1 else [],
        "form": resolved.form(),
        "period_errors": resolved.errors,
        "period_notes": resolved.notes,
        "period_query": resolved.query(),
        "can_export": can_export(request.user, commune),
        "formats": ExportJob.Format.choices,
        "exports": recent_exports(commune),
        "compare": reads_provinces(request.user) and len(communes) > 1,
    }
    return TemplateResponse(request, "analytics/admin/dashboard.html", context)


def compare(request: HttpRequest) -> HttpResponse:
    """Province officers: every commune of the province side by side."""
    if not reads_provinces(request.user):
        raise Http404
    communes = _readable(request)
    resolved = resolve_period(request.GET, timezone.localdate())
    rows = compare_communes(communes, resolved.period)
    context = {
        "page_title": "So sánh các xã, phường",
        "header_icon": "table",
        "form": resolved.form(),
        "period": resolved.period,
        "period_errors": resolved.errors,
        "period_notes": resolved.notes,
        "period_query": resolved.query(),
        "rows": [
            {
                "commune": r.commune,
                "views": thousands(r.section.views),
                "visitors": thousands(r.section.visitors),
                "site_views": thousands(r.site.views),
                "top_topic": r.top_topic or "—",
                "searches": thousands(r.searches),
                "no_result": thousands(r.no_result),
                "change": change_words(r.section.views, r.previous_section_views),
            }
            for r in rows
        ],
        "total": _sum_counts([r.section for r in rows]),
    }
    return TemplateResponse(request, "analytics/admin/compare.html", context)


def _sum_counts(items: list[Counts]) -> dict:
    views = sum(c.views for c in items)
    visitors = sum(c.visitors for c in items)
    return {"views": thousands(views), "visitors": thousands(visitors)}


# --- Exports -----------------------------------------------------------------------------------


def _back(commune: Commune, query: dict[str, str]) -> str:
    return reverse("analytics_dashboard") + "?" + urlencode({"xa": commune.id, **query})


@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    communes = _readable(request)
    commune = _chosen(request, communes, request.POST.get("xa"))
    if not can_export(request.user, commune):
        raise PermissionDenied
    resolved = resolve_period(request.POST, timezone.localdate())
    fmt = request.POST.get("format", "")
    if fmt not in ExportJob.Format.values:
        messages.error(request, "Định dạng tệp không hợp lệ (chỉ CSV, Excel hoặc Word).")
        return redirect(_back(commune, resolved.query()))
    if resolved.errors:
        messages.error(request, " ".join(resolved.errors))
        return redirect(_back(commune, resolved.query()))
    recent = timezone.now() - datetime.timedelta(hours=1)
    open_jobs = ExportJob.objects.filter(
        user=request.user,
        status__in=[ExportJob.Status.PENDING, ExportJob.Status.RUNNING],
        created_at__gte=recent,
    ).count()
    if open_jobs >= MAX_OPEN_EXPORTS:
        messages.warning(
            request,
            f"Bạn đang có {open_jobs} lần xuất số liệu chưa xong; hãy chờ xong rồi xuất tiếp.",
        )
        return redirect(_back(commune, resolved.query()))
    job = export_job_create(commune=commune, user=request.user, format=fmt, period=resolved.period)
    return redirect("analytics_export_job", job.id)


def _job_for(request: HttpRequest, job_id: int) -> ExportJob:
    job = get_object_or_404(ExportJob.objects.select_related("commune__province"), pk=job_id)
    if job.commune_id not in commune_reach(request.user):
        raise Http404
    if not can_export(request.user, job.commune):
        raise Http404
    return job


def export_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    running = job.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING)
    return TemplateResponse(
        request,
        "analytics/admin/export_job.html",
        {
            "page_title": "Xuất số liệu",
            "header_icon": "download",
            "job": job,
            "running": running,
            "back": _back(job.commune, {"tu": date_text(job.start), "den": date_text(job.end)}),
        },
    )


def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("Tệp đã bị xoá khỏi máy chủ; hãy xuất lại.") from None
    audit_export(request.user, job, audit.DOWNLOAD)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(job),
        content_type=CONTENT_TYPES[job.format],
    )
