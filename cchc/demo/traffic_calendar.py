"""The demo traffic's calendar: how many visits, on which day and at which hour.

Each commune's weekday volume of counted section views grows from the start to the end of the
year; weekdays are busier than weekends, office hours and evenings than the night, holidays and
the days around Tết are quiet; and campaigns (a directive letter, a plan in the news, a procedure
change) add visits landing on one page that fade away over a few days.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from cchc.communes.models import Commune
from cchc.demo import content

# Counted views of the reform section on a weekday, at the start and at the end of the year.
VOLUME: dict[str, tuple[int, int]] = {
    "duc-tho": (150, 380),
    "nguyet-vien": (100, 220),
    "quyet-thang": (90, 190),
    "tan-minh": (80, 170),
    "thanh-mien": (75, 160),
}
DEFAULT_VOLUME = (80, 170)
# Section views per session, measured on the generated traffic (sessions = views / this).
SECTION_VIEWS_PER_SESSION = 2.0

WEEKDAY = (1.0, 1.04, 1.0, 0.97, 0.9, 0.58, 0.47)  # Monday … Sunday
# Local hour of a visit: office hours (8-11, 14-16) and the evening after dinner (19-22).
HOURS = (
    1,
    0.5,
    0.3,
    0.3,
    0.4,
    1,
    2.5,
    5,
    8,
    9,
    8.5,
    6,
    4,
    4.5,
    7.5,
    8,
    6.5,
    4.5,
    4.5,
    6,
    7,
    6,
    4,
    2,
)
HOUR_WEIGHTS = list(itertools.accumulate(HOURS))
TET = {
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
}
HOLIDAYS = {(1, 1): 0.55, (4, 30): 0.5, (5, 1): 0.5, (9, 1): 0.6, (9, 2): 0.5}

# --- the calendar ------------------------------------------------------------------------


def day_factor(day: dt.date) -> float:
    factor = WEEKDAY[day.weekday()] * HOLIDAYS.get((day.month, day.day), 1.0)
    tet = TET.get(day.year)
    if tet and -3 <= (day - tet).days <= 5:
        factor *= 0.3
    return factor


@dataclass(frozen=True)
class Campaign:
    """A publication that was shared around: extra visits landing on one page, fading away."""

    start: dt.date
    target: str  # Portal.by_key key: a page slug or a procedure code
    strength: float  # extra sessions on the first day, as a share of the day's sessions
    days: float  # decay time


def _within_year(day: dt.date, today: dt.date) -> dt.date:
    """The same day of the year, moved into the year that ends today (the demo ages)."""
    day = day.replace(year=today.year) if day.month != 2 or day.day != 29 else day
    return day if day <= today else day.replace(year=today.year - 1)


def campaigns_of(commune: Commune, today: dt.date) -> list[Campaign]:
    demo = next((d for d in content.COMMUNES if d.spec.slug == commune.slug), None)
    found: list[tuple[dt.date, str, float, float]] = []
    if demo is not None:  # the commune's directive letter, shared by the officials' Zalo groups
        month = re.fullmatch(r"(\d{2})/(\d{4})", demo.letter.month_note)
        published = dt.date(2026, int(month.group(1)), 12) if month else dt.date(2026, 1, 12)
        found.append((published, demo.letter.file.split("_")[0] + "-" + commune.slug, 1.2, 3))
    found.append((dt.date(2026, 1, 6), "tin-1", 0.6, 3))  # the year's plan, in the news
    found.append((dt.date(2026, 3, 23), "huong-dan-3", 0.7, 5))  # VNeID activation drive
    for code, _status, date, _decision in content.STATUS_CHANGES:  # procedures changed
        found.append((dt.date.fromisoformat(date), code, 0.5, 4))
    return [Campaign(_within_year(d, today), key, s, t) for d, key, s, t in found]
