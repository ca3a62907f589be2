"""Reads of the periodic reports: rules, calendars, periods, who may see what, who is late.

Later capabilities (the commune's drafted report, the PAR score, emulation) read submissions
through `current_reports` and `unit_statuses`, never the models directly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cchc.communes.access import commune_reach, memberships_of
from cchc.communes.models import Commune, Membership, Unit
from cchc.reports.models import CalendarDay, ReportingRule, UnitReport
from cchc.reports.periods import DeadlineRule, ReportingPeriod, periods_of_year, reporting_period
from cchc.vietnamese.calendar import WorkCalendar

# The panel lists a period this many days before its deadline.
PANEL_HORIZON_DAYS = 15

# --- Rules and calendars ---------------------------------------------------------------------


def rule_for(province_id: int, year: int) -> DeadlineRule:
    """The province's rule for the year, or seed 003's default when it has set none."""
    row = ReportingRule.objects.filter(province_id=province_id, year=year).first()
    if row is None:
        return DeadlineRule()
    return DeadlineRule(
        due_day=row.due_day,
        month_offset=row.month_offset,
        before=row.before,
        shift=row.shift,
        nine_months=row.nine_months,
        grace_working_days=row.grace_working_days,
    )


def calendar_for(province_id: int) -> WorkCalendar:
    """The national calendar with the country's and the province's own days (a province's row
    wins over a national one on the same date)."""
    rows = CalendarDay.objects.filter(Q(province_id=province_id) | Q(province__isnull=True))
    days: dict[datetime.date, tuple[str, str]] = {}
    for row in rows.order_by("province_id"):  # NULLs first: the province's rows override
        days[row.day] = (row.kind, row.name)
    off = CalendarDay.Kind.DAY_OFF
    return WorkCalendar.of(
        days_off=[(d, name) for d, (kind, name) in days.items() if kind == off],
        working_days=[d for d, (kind, _) in days.items() if kind != off],
    )


def periods_for(commune: Commune, year: int) -> list[ReportingPeriod]:
    rule = rule_for(commune.province_id, year)
    return periods_of_year(year, rule, calendar_for(commune.province_id))


def period_for(commune: Commune, year: int, kind: str) -> ReportingPeriod | None:
    """The period, or None when the province's rule does not ask for it (or it is unknown)."""
    rule = rule_for(commune.province_id, year)
    if kind not in rule.kinds():
        return None
    return reporting_period(year, kind, rule, calendar_for(commune.province_id))


# --- Who may do what ---------------------------------------------------------------------------


def submitting_units(user, commune: Commune) -> list[Unit]:
    """The units this user reports for in the commune: those of their memberships."""
    return [
        m.unit
        for m in memberships_of(user)
        if m.commune_id == commune.id and m.unit_id and m.role != Membership.Role.PROVINCE_OFFICER
    ]


def can_follow(user, commune: Commune) -> bool:
    """Sees every unit's status and reports: the commune's coordinators and leaders, the
    province's officers, superusers."""
    return commune in commune_reach(user, write=True)


def can_remind(user, commune: Commune) -> bool:
    """Sends reminders: the commune's coordinators (and superusers)."""
    return user.is_superuser or any(
        m.commune_id == commune.id and m.role == Membership.Role.COORDINATOR
        for m in memberships_of(user)
    )


def can_read_report(user, report: UnitReport) -> bool:
    commune = report.commune
    if can_follow(user, commune):
        return True
    return any(unit.id == report.unit_id for unit in submitting_units(user, commune))


def communes_for(user) -> list[Commune]:
    """Communes where this user follows reports or reports for a unit."""
    return [
        c
        for c in commune_reach(user).communes()
        if can_follow(user, c) or submitting_units(user, c)
    ]


# --- Submissions and statuses ------------------------------------------------------------------


def reporting_units(commune: Commune) -> QuerySet[Unit]:
    """Units that report: all but the coordinating unit, which compiles the reports (seed 003:
    "về UBND xã (qua Phòng Văn hóa - Xã hội tổng hợp)")."""
    return Unit.objects.filter(commune=commune).exclude(kind=Unit.Kind.COORDINATING)


def current_reports(commune: Commune, year: int, kind: str) -> dict[int, UnitReport]:
    """unit id → its current report for the period."""
    reports = UnitReport.objects.filter(commune=commune, year=year, period=kind, is_current=True)
    return {r.unit_id: r for r in reports}


def report_versions(unit: Unit, year: int, kind: str) -> QuerySet[UnitReport]:
    return UnitReport.objects.filter(unit=unit, year=year, period=kind).order_by("-version")


@dataclass(frozen=True)
class UnitStatus:
    unit: Unit
    report: UnitReport | None
    state: str  # on_time, submitted_late, late, pending

    @property
    def label(self) -> str:
        return {
            "on_time": "Đã gửi đúng hạn",
            "submitted_late": "Đã gửi muộn",
            "late": "Quá hạn, chưa gửi",
            "pending": "Chưa gửi",
        }[self.state]

    @property
    def is_late(self) -> bool:
        return self.state in ("late", "submitted_late")


def unit_statuses(
    commune: Commune, period: ReportingPeriod, today: datetime.date
) -> list[UnitStatus]:
    """Every reporting unit's status for the period, in the units' order. Two queries."""
    reports = current_reports(commune, period.year, period.kind)
    rows = []
    for unit in reporting_units(commune):
        report = reports.get(unit.id)
        if report is not None:
            state = "submitted_late" if report.late else "on_time"
        else:
            state = "late" if today > period.due else "pending"
        rows.append(UnitStatus(unit, report, state))
    return rows


@dataclass(frozen=True)
class DueItem:
    commune: Commune
    unit: Unit
    period: ReportingPeriod
    overdue: bool


def due_for_user(user, today: datetime.date) -> list[DueItem]:
    """The dashboard panel's list: periods of the user's units not yet reported whose deadline
    is within PANEL_HORIZON_DAYS, or past and not yet closed."""
    items = []
    by_commune: dict[int, tuple[Commune, list[Unit]]] = {}
    for m in memberships_of(user):
        if m.commune_id and m.unit_id and m.role != Membership.Role.PROVINCE_OFFICER:
            by_commune.setdefault(m.commune_id, (m.commune, []))[1].append(m.unit)
    horizon = today + datetime.timedelta(days=PANEL_HORIZON_DAYS)
    for commune, units in by_commune.values():
        for year in (today.year - 1, today.year):
            for period in periods_for(commune, year):
                if period.state_on(today) not in ("open", "late") or period.due > horizon:
                    continue
                reported = current_reports(commune, year, period.kind)
                for unit in units:
                    if unit.id not in reported and unit.kind != Unit.Kind.COORDINATING:
                        items.append(DueItem(commune, unit, period, today > period.due))
    return sorted(items, key=lambda i: (i.period.due, i.unit.name))
