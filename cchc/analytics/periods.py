"""Periods of the analytics: a run of local days, and how to read it from the roll-ups.

`Period` is the days a figure covers (both ends included); `split_period` turns it into a
`Plan` of whole months read from `MonthlyCount` and a few loose days read (added or
subtracted) from `DailyCount`, so that reading a long period costs a handful of rows per
dimension instead of one per day. Everything here is pure date arithmetic: no query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cchc.vietnamese.dates import date_range_text, date_text

ONE_DAY = datetime.timedelta(days=1)

# --- Periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included (local dates)."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        return Period(self.start - datetime.timedelta(days=self.days), self.start - ONE_DAY)

    def day_list(self) -> list[datetime.date]:
        return [self.start + datetime.timedelta(days=n) for n in range(self.days)]

    def label(self) -> str:
        return f"từ ngày {date_text(self.start)} đến ngày {date_text(self.end)}"

    def short(self) -> str:
        return date_range_text(self.start, self.end)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


DayRange = tuple[datetime.date, datetime.date]


@dataclass
class Plan:
    """How to read a period: + daily rows of `days`, + monthly rows of `months`, − daily rows
    of `minus` (days of those months outside the period)."""

    days: list[DayRange]
    months: list[datetime.date]
    minus: list[DayRange]


def split_period(
    period: Period, today: datetime.date | None = None, *, whole_months: bool = False
) -> Plan:
    """The cheapest way to read a period: whole months from monthly rows, and for each partial
    month either its days in the period, or the month minus its days outside the period,
    whichever reads fewer days. Days after `today` have no rows, so a month that runs to today
    is read whole (the default "last 30 days" reads one monthly row set and a few days).

    `whole_months`: every month touched is read whole, minus its days outside the period (the
    head lists of `top_keys` exist per month only).
    """
    today = today or timezone.localdate()
    plan = Plan([], [], [])
    month = period.start.replace(day=1)
    while month <= period.end:
        following = _next_month(month)
        first, last = max(period.start, month), min(period.end, following - ONE_DAY)
        filled_until = min(following - ONE_DAY, max(today, period.end))
        outside = [(month, first - ONE_DAY), (last + ONE_DAY, filled_until)]
        outside = [(a, b) for a, b in outside if a <= b]
        inside_days = (last - first).days + 1
        outside_days = sum((b - a).days + 1 for a, b in outside)
        if whole_months or outside_days < inside_days:
            plan.months.append(month)
            plan.minus += outside
        else:
            plan.days.append((first, last))
        month = following
    plan.days = _merged(plan.days)
    plan.minus = _merged(plan.minus)
    return plan


def _merged(ranges: list[DayRange]) -> list[DayRange]:
    merged: list[DayRange] = []
    for a, b in ranges:
        if merged and merged[-1][1] + ONE_DAY == a:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged
