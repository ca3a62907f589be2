"""Dates and times written day first, as Vietnamese text writes them (no Django).

One place for "02/12/2026" and its kin in messages, files, log details and reports. Time zones
are the caller's: pass a moment already in local time (Django's `timezone.localtime`). What
date inputs accept and what templates print is Django's business (`cchc.formats`, settings).
The Decree 30 place-and-date line ("ngày 02 tháng 12 năm 2026") is `cchc.decree30`'s own.
"""

from __future__ import annotations

import datetime

DATE_FORMAT = "%d/%m/%Y"  # 02/12/2026
TIME_FORMAT = "%H:%M"  # 14:05


def date_text(day: datetime.date | None, missing: str = "") -> str:
    """ "02/12/2026"; `missing` when there is no date."""
    return day.strftime(DATE_FORMAT) if day else missing


def day_month_text(day: datetime.date) -> str:
    """ "02/12": a day within a period whose year is said elsewhere (a chart's axis)."""
    return day.strftime("%d/%m")


def month_text(day: datetime.date) -> str:
    """ "12/2026": the month a day falls in."""
    return day.strftime("%m/%Y")


def date_time_text(moment: datetime.datetime) -> str:
    """ "02/12/2026 14:05": a moment in a listing, date first."""
    return f"{moment:{DATE_FORMAT} {TIME_FORMAT}}"


def time_date_text(moment: datetime.datetime, joiner: str = " ") -> str:
    """ "14:05 02/12/2026" (or with joiner " ngày ": "14:05 ngày 02/12/2026"): a moment in a
    sentence, time first, as a letter writes it."""
    return f"{moment:{TIME_FORMAT}}{joiner}{moment:{DATE_FORMAT}}"


def date_range_text(start: datetime.date, end: datetime.date, dash: str = " – ") -> str:
    """ "01/12/2026 – 31/12/2026": a period's first and last days."""
    return f"{date_text(start)}{dash}{date_text(end)}"
