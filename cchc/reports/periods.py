"""Reporting periods and their deadlines: pure date arithmetic over a `WorkCalendar` (no query).

Periods of a year: the four quarters, the first six months, the first nine months (only where
the province asks for it) and the year. The deadline rule is data (`DeadlineRule`, stored per
province and year as `reports.ReportingRule`); the default is seed 003's (xã Thanh Miện): reports
are "gửi trước ngày 05 tháng cuối của quý, năm" — sent before the 5th of the period's last month,
so the last day on time is the 4th. A deadline on a day off moves to the previous working day
(decision 0023: "before the 5th" is a limit the compiling office plans on; a later day would
break it), or, where a province prefers the Civil Code's rule (Article 148), to the next one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cchc.vietnamese.calendar import WorkCalendar

__all__ = [
    "KINDS",
    "DeadlineRule",
    "ReportingPeriod",
    "kind_label",
    "periods_of_year",
    "reporting_period",
]

ONE_DAY = datetime.timedelta(days=1)

# kind → (label, first month, last month); in the order their deadlines come in a year.
KINDS: dict[str, tuple[str, int, int]] = {
    "q1": ("Quý I", 1, 3),
    "q2": ("Quý II", 4, 6),
    "h1": ("6 tháng", 1, 6),
    "q3": ("Quý III", 7, 9),
    "m9": ("9 tháng", 1, 9),
    "q4": ("Quý IV", 10, 12),
    "y": ("Năm", 1, 12),
}
OPTIONAL_KINDS = frozenset({"m9"})
SHIFT_PREVIOUS = "previous"
SHIFT_NEXT = "next"


def kind_label(kind: str) -> str:
    return KINDS[kind][0]


@dataclass(frozen=True)
class DeadlineRule:
    """When a period's report is due, as a province sets it for a year.

    `due_day` of the month `month_offset` months after the period's last month (0: that month);
    `before`: the report must arrive before that day ("trước ngày 05"), so the day before is the
    last on time; `shift`: where a deadline on a day off moves; `nine_months`: whether the
    9-month report is asked for; `grace_working_days`: how long after the deadline a late report
    is still accepted (then the period closes).
    """

    due_day: int = 5
    month_offset: int = 0
    before: bool = True
    shift: str = SHIFT_PREVIOUS
    nine_months: bool = False
    grace_working_days: int = 10

    def __post_init__(self) -> None:
        if not 1 <= self.due_day <= 28:
            raise ValueError("Ngày hạn phải từ 1 đến 28 (có trong mọi tháng).")
        if not 0 <= self.month_offset <= 3:
            raise ValueError("Tháng hạn chỉ được sau tháng cuối của kỳ từ 0 đến 3 tháng.")
        if self.shift not in (SHIFT_PREVIOUS, SHIFT_NEXT):
            raise ValueError(f"Cách dời hạn không hợp lệ: {self.shift!r}")
        if not 0 <= self.grace_working_days <= 60:
            raise ValueError("Thời gian nhận báo cáo muộn phải từ 0 đến 60 ngày làm việc.")

    def kinds(self) -> list[str]:
        return [k for k in KINDS if k not in OPTIONAL_KINDS or (k == "m9" and self.nine_months)]


@dataclass(frozen=True)
class ReportingPeriod:
    """One period of one year under one rule: its days, its deadline and when it closes.

    `nominal_due` is the rule's day before any move; `due` the last day a report is on time;
    `closes` the last day a late report is still accepted.
    """

    year: int
    kind: str
    start: datetime.date
    end: datetime.date
    nominal_due: datetime.date
    due: datetime.date
    closes: datetime.date
    moved_because: str | None = None  # why `due` differs from `nominal_due` (Tết, Chủ nhật …)

    @property
    def label(self) -> str:
        """ "Quý III/2026", "6 tháng năm 2026", "Năm 2026"."""
        name = kind_label(self.kind)
        if self.kind.startswith("q"):
            return f"{name}/{self.year}"
        return f"{name} {self.year}" if self.kind == "y" else f"{name} năm {self.year}"

    def state_on(self, today: datetime.date) -> str:
        """ "upcoming" before it starts, "open" until the deadline, "late" until it closes,
        "closed" after."""
        if today < self.start:
            return "upcoming"
        if today <= self.due:
            return "open"
        return "late" if today <= self.closes else "closed"


def _month_day(year: int, month: int, day: int) -> datetime.date:
    year += (month - 1) // 12
    return datetime.date(year, (month - 1) % 12 + 1, day)


def period_days(year: int, kind: str) -> tuple[datetime.date, datetime.date]:
    _, first, last = KINDS[kind]
    end = _month_day(year, last + 1, 1) - ONE_DAY
    return datetime.date(year, first, 1), end


def reporting_period(
    year: int, kind: str, rule: DeadlineRule, calendar: WorkCalendar
) -> ReportingPeriod:
    if kind not in KINDS:
        raise ValueError(f"Kỳ báo cáo không hợp lệ: {kind!r}")
    start, end = period_days(year, kind)
    last_month = KINDS[kind][2]
    limit = _month_day(year, last_month + rule.month_offset, rule.due_day)
    nominal = limit - ONE_DAY if rule.before else limit
    if rule.shift == SHIFT_PREVIOUS:
        due = calendar.previous_working_day(nominal, inclusive=True)
    else:
        due = calendar.next_working_day(nominal, inclusive=True)
    reason = calendar.day_off_name(nominal) if due != nominal else None
    closes = calendar.add_working_days(due, rule.grace_working_days)
    return ReportingPeriod(year, kind, start, end, nominal, due, closes, reason)


def periods_of_year(year: int, rule: DeadlineRule, calendar: WorkCalendar) -> list[ReportingPeriod]:
    """The periods the rule asks for in a year, in the order of their deadlines."""
    periods = [reporting_period(year, kind, rule, calendar) for kind in rule.kinds()]
    return sorted(periods, key=lambda p: (p.due, list(KINDS).index(p.kind)))
