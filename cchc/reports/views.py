"""Back office "Báo cáo định kỳ": units submit, the coordinator follows and reminds.

Who sees what (cchc.reports.selectors): unit staff their own units' periods and reports; the
commune's coordinators and leaders, the province's officers and superusers every unit of the
commune (`can_follow`); coordinators remind (`can_remind`). Anything else is 404, never a
foreign commune's or unit's report, name or file.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from cchc.communes.models import Commune, Unit
from cchc.inputs import whole_number
from cchc.reports.commune_report import can_draft
from cchc.reports.figures import figures_for
from cchc.reports.forms import UnitReportForm
from cchc.reports.models import ReportAttachment, UnitReport
from cchc.reports.periods import KINDS, ReportingPeriod
from cchc.reports.selectors import (
    can_follow,
    can_read_report,
    can_remind,
    communes_for,
    current_reports,
    period_for,
    periods_for,
    report_versions,
    submitting_units,
    unit_statuses,
)
from cchc.reports.services import ReportRefused, reminders_send_manual, report_submit


def _year(raw: str | None, today) -> int:
    return whole_number(raw or "", low=2020, high=2100) or today.year


def _chosen_commune(request: HttpRequest, communes: list[Commune], raw: str | None) -> Commune:
    if raw:
        wanted = whole_number(raw, low=1)
        for commune in communes:
            if commune.id == wanted:
                return commune
        raise Http404("Không có xã, phường này trong danh sách bạn được xem.")
    return communes[0]


def _focus(periods: list[ReportingPeriod], today) -> ReportingPeriod | None:
    """The period to show first: the open or late one due soonest, else the last started."""
    live = [p for p in periods if p.state_on(today) in ("open", "late")]
    if live:
        return min(live, key=lambda p: p.due)
    started = [p for p in periods if p.state_on(today) != "upcoming"]
    return started[-1] if started else (periods[0] if periods else None)


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    communes = sorted(communes_for(request.user), key=lambda c: (c.province.name, c.name))
    if not communes:
        raise Http404
    commune = _chosen_commune(request, communes, request.GET.get("xa"))
    year = _year(request.GET.get("nam"), today)
    periods = periods_for(commune, year)
    context = {
        "page_title": "Báo cáo định kỳ",
        "header_icon": "doc-full",
        "communes": communes,
        "commune": commune,
        "year": year,
        "years": range(today.year - 2, today.year + 2),
        "periods": periods,
        "today": today,
    }
    if can_follow(request.user, commune):
        by_kind = {p.kind: p for p in periods}
        chosen = by_kind.get(request.GET.get("ky") or "") or _focus(periods, today)
        context.update(
            follows=True,
            period=chosen,
            statuses=unit_statuses(commune, chosen, today) if chosen else [],
            can_remind=chosen is not None
            and can_remind(request.user, commune)
            and chosen.state_on(today) in ("open", "late"),
            can_draft=chosen is not None and can_draft(request.user, commune),
        )
    units = submitting_units(request.user, commune)
    rows = []
    reported = {p.kind: current_reports(commune, year, p.kind) for p in periods} if units else {}
    for unit in units:
        for period in periods:
            report = reported[period.kind].get(unit.id)
            rows.append({"unit": unit, "period": period, "report": report})
    context["own_rows"] = rows
    return TemplateResponse(request, "reports/index.html", context)


def _own_unit(request: HttpRequest, unit_id: int) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("commune__province"), pk=unit_id)
    if not any(u.id == unit.id for u in submitting_units(request.user, unit.commune)):
        raise Http404
    return unit


def submit(request: HttpRequest, unit_id: int, year: int, kind: str) -> HttpResponse:
    unit = _own_unit(request, unit_id)
    commune = unit.commune
    today = timezone.localdate()
    period = period_for(commune, year, kind) if kind in KINDS else None
    if period is None:
        raise Http404
    current = current_reports(commune, year, kind).get(unit.id)
    error = None
    if request.method == "POST":
        form = UnitReportForm(request.POST, request.FILES)
        if form.is_valid():
            replaces = None
            if form.cleaned_data.get("replaces"):
                replaces = UnitReport.objects.filter(
                    pk=form.cleaned_data["replaces"], unit=unit, year=year, period=kind
                ).first()
            try:
                report = report_submit(
                    commune=commune,
                    unit=unit,
                    year=year,
                    kind=kind,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                    user=request.user,
                    replaces=replaces,
                    today=today,
                )
            except ReportRefused as refused:
                error = refused.message
            else:
                note = " (gửi muộn)" if report.late else ""
                messages.success(
                    request, f"Đã gửi báo cáo {period.label}, phiên bản {report.version}{note}."
                )
                return redirect("reports_detail", report_id=report.pk)
    else:
        initial = {"replaces": current.pk, "text": current.text} if current else {}
        form = UnitReportForm(initial=initial)
    context = {
        "page_title": f"Báo cáo {period.label} — {unit.name}",
        "header_icon": "doc-full",
        "unit": unit,
        "commune": commune,
        "period": period,
        "state": period.state_on(today),
        "current": current,
        "form": form,
        "error": error,
        "figures": figures_for(commune, unit, period.start, min(period.end, today)),
        "back": reverse("reports_index") + "?" + urlencode({"xa": commune.id, "nam": year}),
    }
    return TemplateResponse(request, "reports/submit.html", context, status=400 if error else 200)


def _readable_report(request: HttpRequest, report_id: int) -> UnitReport:
    report = get_object_or_404(
        UnitReport.objects.select_related("commune__province", "unit"), pk=report_id
    )
    if not can_read_report(request.user, report):
        raise Http404
    return report


def detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _readable_report(request, report_id)
    period = period_for(report.commune, report.year, report.period)
    own = any(u.id == report.unit_id for u in submitting_units(request.user, report.commune))
    context = {
        "page_title": f"Báo cáo {report.get_period_display()}/{report.year} — {report.unit.name}",
        "header_icon": "doc-full",
        "report": report,
        "period": period,
        "attachments": list(report.attachments.all()),
        "versions": list(report_versions(report.unit, report.year, report.period)),
        "can_replace": own and report.is_current,
        "back": reverse("reports_index")
        + "?"
        + urlencode({"xa": report.commune_id, "nam": report.year, "ky": report.period}),
    }
    return TemplateResponse(request, "reports/detail.html", context)


def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    item = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=attachment_id)
    _readable_report(request, item.report_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    # Always a download, never rendered by the browser inside the back office.
    return FileResponse(
        handle, as_attachment=True, filename=item.name, content_type="application/octet-stream"
    )


@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    communes = [c for c in communes_for(request.user) if can_remind(request.user, c)]
    if not communes:
        raise Http404
    commune = _chosen_commune(request, communes, request.POST.get("xa") or "0")
    today = timezone.localdate()
    year = _year(request.POST.get("nam"), today)
    kind = request.POST.get("ky") or ""
    back = reverse("reports_index") + "?" + urlencode({"xa": commune.id, "nam": year, "ky": kind})
    if kind not in KINDS:
        raise Http404
    try:
        done, skipped = reminders_send_manual(
            commune=commune, year=year, kind=kind, user=request.user, today=today
        )
    except ReportRefused as refused:
        messages.error(request, refused.message)
        return redirect(back)
    if done:
        messages.success(request, f"Đã gửi thư nhắc tới {done} đơn vị chưa gửi báo cáo.")
    if skipped:
        messages.info(request, f"{skipped} đơn vị đã được nhắc hôm nay, không nhắc lại.")
    if not done and not skipped:
        messages.info(request, "Mọi đơn vị đã gửi báo cáo kỳ này; không cần nhắc.")
    return redirect(back)
