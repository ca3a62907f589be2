"""Day by day: the whole-portal and section totals of every day of a period, and the series
drawn from them (the dashboard's chart, the report's months)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cchc.analytics.models import DailyCount, Dimension
from cchc.analytics.periods import Period
from cchc.analytics.ranking import Counts
from cchc.vietnamese.dates import day_month_text, month_text

if TYPE_CHECKING:
    from cchc.analytics.selectors import Figures

# A chart of more days than this is drawn per week: 1,000 daily points are unreadable on a phone.
DAILY_CHART_MAX_DAYS = 92


@dataclass
class DayTotals:
    day: datetime.date
    site: Counts
    section: Counts


def daily_totals(commune_id: int, period: Period) -> list[DayTotals]:
    """Whole-portal and section totals of every day of the period (zeros included): one query."""
    by_day = {day: DayTotals(day, Counts(), Counts()) for day in period.day_list()}
    rows = DailyCount.objects.filter(
        commune_id=commune_id,
        dimension=Dimension.TOTAL,
        key__in=["site", "section"],
        day__range=(period.start, period.end),
    ).values_list("day", "key", "views", "visitors", "raw")
    for day, key, views, visitors, raw in rows:
        getattr(by_day[day], key).add(views, visitors, raw)
    return list(by_day.values())


# --- Chart series ------------------------------------------------------------------------------


@dataclass
class Bucket:
    """One point of the chart: a day, or a week of a long period."""

    label: str  # "05/03" or "05/03–11/03"
    views: int
    visitors: int
    previous_views: int
    previous_visitors: int


def chart_buckets(fig: Figures) -> tuple[str, list[Bucket]]:
    """("ngày" | "tuần", points): per day up to 92 days, else per 7 days from the start.

    Bucket n of the previous period is the same offset from its start, so the lines align.
    """
    step = 1 if fig.period.days <= DAILY_CHART_MAX_DAYS else 7
    buckets = []
    for i in range(0, len(fig.days), step):
        chunk, before = fig.days[i : i + step], fig.previous_days[i : i + step]
        first, last = chunk[0].day, chunk[-1].day
        label = (
            day_month_text(first)
            if step == 1
            else f"{day_month_text(first)}–{day_month_text(last)}"
        )
        buckets.append(
            Bucket(
                label=label,
                views=sum(d.section.views for d in chunk),
                visitors=sum(d.section.visitors for d in chunk),
                previous_views=sum(d.section.views for d in before),
                previous_visitors=sum(d.section.visitors for d in before),
            )
        )
    return ("ngày" if step == 1 else "tuần"), buckets


def by_month(days: list[DayTotals]) -> list[tuple[str, Counts, Counts]]:
    """(month "03/2026", section, site) sums of the given days, in order."""
    months: dict[str, tuple[Counts, Counts]] = {}
    for d in days:
        section, site = months.setdefault(month_text(d.day), (Counts(), Counts()))
        section.add(d.section.views, d.section.visitors, d.section.raw)
        site.add(d.site.views, d.site.visitors, d.site.raw)
    return [(month, section, site) for month, (section, site) in months.items()]
