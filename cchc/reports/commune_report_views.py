"""Back office: the commune's report for a period — drafted by the platform, edited, versioned,
downloaded as a Decree 30 DOCX.

Only the commune's coordinators and leaders (and superusers) draft and export
(`commune_report.can_draft`); anyone else gets 404, as every reports view answers (a province
officer, who follows the commune's reports, receives the signed report, not the drafts).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.admin import messages

from cchc.communes.models import Commune
from cchc.inputs import whole_number
from cchc.reports.commune_report import (
    SECTIONS,
    ReportText,
    VersionRefused,
    can_draft,
    commune_report_save,
    download_name,
    fresh_draft,
    latest_version,
    report_docx,
    report_versions,
)
from cchc.reports.commune_report_forms import CommuneReportForm
from cchc.reports.drafting import draft_data
from cchc.reports.models import CommuneReportVersion
from cchc.reports.periods import KINDS, ReportingPeriod
from cchc.reports.selectors import period_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _commune_and_period(
    request: HttpRequest, commune_id: int, year: int, kind: str
) -> tuple[Commune, ReportingPeriod]:
    commune = get_object_or_404(Commune.objects.select_related("province"), pk=commune_id)
    if not can_draft(request.user, commune):
        raise Http404
    period = period_for(commune, year, kind) if kind in KINDS and 2020 <= year <= 2100 else None
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    return commune, period


def _chosen_version(request: HttpRequest, commune: Commune, period: ReportingPeriod):
    """?phien-ban=N: that version of this commune's report for this period, else 404."""
    raw = request.GET.get("phien-ban")
    if raw is None:
        return None
    number = whole_number(raw, low=1, high=32767)
    if number is None:
        raise Http404
    return get_object_or_404(
        CommuneReportVersion,
        commune=commune,
        year=period.year,
        period=period.kind,
        version=number,
    )


def draft(request: HttpRequest, commune_id: int, year: int, kind: str) -> HttpResponse:
    commune, period = _commune_and_period(request, commune_id, year, kind)
    today = timezone.localdate()
    data = draft_data(commune, period, today)
    fresh = fresh_draft(data)
    latest = latest_version(commune, period.year, period.kind)
    latest_number = latest.version if latest else 0
    shown = None
    error = None
    if request.method == "POST":
        form = CommuneReportForm(request.POST, period_start=period.start)
        if form.is_valid():
            try:
                version = commune_report_save(
                    commune=commune,
                    period=period,
                    text=form.report_text(fresh.tables),
                    data_through=data.through,
                    user=request.user,
                    base_version=form.cleaned_data["base_version"],
                )
            except VersionRefused as refused:
                error = refused.message
            else:
                messages.success(request, f"Đã lưu phiên bản {version.version} của báo cáo.")
                return redirect(request.path)
    else:
        shown = _chosen_version(request, commune, period)
        if request.GET.get("soan-lai"):
            text = fresh  # the platform's draft again, saved only when the coordinator saves
        else:
            base = shown or latest
            text = ReportText.of(base) if base else fresh
        form = CommuneReportForm(
            initial=CommuneReportForm.initial_from(text, latest_number),
            period_start=period.start,
        )
    invalid = request.method == "POST"  # reached here: refused or invalid
    context = {
        "page_title": f"Báo cáo của {commune.full_name} — {period.label}",
        "header_icon": "doc-full",
        "commune": commune,
        "period": period,
        "data": data,
        "form": form,
        "error": error,
        "shown": shown,
        "latest": latest,
        "versions": report_versions(commune, period.year, period.kind),
        "sections": SECTIONS,
        "tables": [fresh.tables[key] for spec in SECTIONS for key in spec.tables],
        "export_url": reverse("reports_commune_export", args=[commune.id, period.year, kind]),
        "back": reverse("reports_index")
        + "?"
        + urlencode({"xa": commune.id, "nam": period.year, "ky": period.kind}),
    }
    return TemplateResponse(
        request, "reports/commune_draft.html", context, status=400 if invalid else 200
    )


def export(request: HttpRequest, commune_id: int, year: int, kind: str) -> HttpResponse:
    """The chosen version (?phien-ban=N), else the latest, else the platform's fresh draft."""
    commune, period = _commune_and_period(request, commune_id, year, kind)
    version = _chosen_version(request, commune, period) or latest_version(
        commune, period.year, period.kind
    )
    if version is not None:
        text = ReportText.of(version)
    else:
        text = fresh_draft(draft_data(commune, period, timezone.localdate()))
    try:
        content = report_docx(commune, period, text)
    except ValueError as exc:  # decree30's message, in Vietnamese
        messages.error(request, str(exc))
        return redirect(reverse("reports_commune_draft", args=[commune.id, period.year, kind]))
    response = HttpResponse(content, content_type=DOCX)
    name = download_name(commune, period, version.version if version else None)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
