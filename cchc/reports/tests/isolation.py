"""Reports in the generated isolation suite: foreign units' reports, a file and a reminder, the
fillers of the reports URLs, and the rows that must not change (cchc/tests/isolation_*)."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from cchc.reports.commune_report import SECTION_KEYS
from cchc.reports.models import CommuneReportVersion, ReminderSent, ReportAttachment, UnitReport


def _report(unit, text: str, user) -> UnitReport:
    report = UnitReport.objects.create(
        commune=unit.commune, unit=unit, year=2026, period="q3", text=text,
        due_on=datetime.date(2026, 9, 4), submitted_by=user, submitted_by_name=text[:150],
        figures=[{"key": "articles_published", "label": text, "value": 1}],
    )  # fmt: skip
    ReportAttachment.objects.create(
        report=report, file=ContentFile(text.encode(), name="bao-cao.txt"),
        name=f"{text[:40]}.txt", size=len(text.encode()), sha256="0" * 64,
    )  # fmt: skip
    return report


def build_reports(*, unit_a2, unit_b, colleague_a2, editor_b, a2_label: str, label: str) -> dict:
    """Commune B's unit and unit A2 have reported Q3 2026 (A2's is foreign to A1's editor)."""
    report_b = _report(unit_b, f"{label} báo cáo", editor_b)
    report_a2 = _report(unit_a2, f"{a2_label} báo cáo của trường", colleague_a2)
    ReminderSent.objects.create(
        commune=unit_b.commune, unit=unit_b, year=2026, period="q4", kind="due_soon",
        sent_on=datetime.date(2026, 12, 1),
    )  # fmt: skip
    CommuneReportVersion.objects.create(
        commune=unit_b.commune, year=2026, period="q3", version=1, place=label,
        signer_position=label, signer_name=label, recipients=label,
        sections={key: f"{label} {key}" for key in SECTION_KEYS},
        tables={"items": {"caption": label, "header": ["TT"], "rows": [[label]], "widths": [1]}},
        data_through=datetime.date(2026, 9, 2), created_by=editor_b, created_by_name=label,
    )  # fmt: skip
    return {"b": report_b, "a2": report_a2}


def foreign_reports(w) -> list[UnitReport]:
    return [w.reports["b"]] + ([w.reports["a2"]] if w.a2_foreign else [])


def reports_snapshot(w) -> dict[str, object]:
    ids = [r.pk for r in foreign_reports(w)]
    return {
        "unit reports": (
            UnitReport.objects.filter(pk__in=ids) | UnitReport.objects.filter(commune=w.b),
            "pk", "text", "version", "is_current", "unit_id", "late",
        ),
        "report attachments": (
            ReportAttachment.objects.filter(report_id__in=ids), "pk", "file", "name"
        ),
        "report reminders": (ReminderSent.objects.filter(commune=w.b), "pk", "kind"),
        "commune report versions": (
            CommuneReportVersion.objects.filter(commune=w.b), "pk", "version", "sections"
        ),
    }  # fmt: skip


def report_fillers(Fill, q, GET) -> dict:
    """The fillers of every reports URL (Fill and helpers from cchc.tests.isolation_fillers)."""

    # The commune's report: B's (which has a version) for everyone, and A's, which only A's
    # coordinator drafts (a save there changes no foreign row).
    draft_post = {"base_version": "1", "place": "x", "signer_position": "x"}
    draft_post.update({f"section_{key}": "x" for key in SECTION_KEYS})

    def commune_periods(w):
        return [{"commune_id": c.pk, "year": 2026, "kind": "q3"} for c in (w.b, w.a)]

    def units(w):
        return [w.unit_b.pk] + ([w.unit_a2.pk] if w.a2_foreign else [])

    return {
        "reports_index": lambda w: [
            Fill(methods=GET),
            Fill(query=q(xa=w.b.pk), methods=GET),
            Fill(query=q(xa=w.b.pk, nam=2026, ky="q3"), methods=GET),
            Fill(query=q(xa=w.a.pk, nam=2026, ky="q3"), methods=GET),
        ],
        "reports_submit": lambda w: [
            Fill(kwargs={"unit_id": pk, "year": 2026, "kind": "q3"}, data={"text": "x"})
            for pk in units(w)
        ],
        "reports_detail": lambda w: [Fill(kwargs={"report_id": r.pk}) for r in foreign_reports(w)],
        "reports_attachment": lambda w: [
            Fill(kwargs={"attachment_id": a.pk})
            for r in foreign_reports(w)
            for a in r.attachments.all()
        ],
        "reports_commune_draft": lambda w: [
            Fill(kwargs=period, data=draft_post, query=query)
            for period in commune_periods(w)
            for query in ((), q(**{"phien-ban": 1}), q(**{"soan-lai": 1}))
        ],
        "reports_commune_export": lambda w: [
            Fill(kwargs=period, query=query, methods=GET)
            for period in commune_periods(w)
            for query in ((), q(**{"phien-ban": 1}))
        ],
        "reports_remind": lambda w: [
            Fill(data={"xa": str(w.b.pk), "nam": "2026", "ky": "q3"}),
            Fill(data={"xa": str(w.b.pk), "nam": "2026", "ky": "q4"}),
        ],
    }
