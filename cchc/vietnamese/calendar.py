"""Working days in Việt Nam: weekends, public holidays (Tết by the lunar calendar) and the days a
province moves. Pure Python: no Django (a forbidden import contract checks it).

The public holidays, the Government's compensatory days off and the Saturdays worked in exchange
("làm bù", e.g. 22/8/2026 for 31/8/2026) come from the `holidays` package, which computes Tết from
the lunar calendar and follows the Labour Code (Article 112, Decree 145/2020); we do not keep a
lunar calendar of our own. A province adds what the package cannot know as data: extra days off
(`days_off`) and compensatory working days (`working_days`), given to `WorkCalendar`.

Which rule wins on one date, most specific first: the province's day off, the province's working
day, the Government's working Saturday, a public holiday, the weekend (Saturday, Sunday).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import holidays

from cchc.vietnamese.dates import date_text

__all__ = ["WEEKEND", "WorkCalendar", "national_holidays", "national_working_days"]

ONE_DAY = datetime.timedelta(days=1)
WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())
# A search for a working day gives up after this many days: no real calendar has a longer break
# (Tết is at most nine days with its weekends); a longer run means the province's data is wrong.
_MAX_RUN = 120


@functools.lru_cache(maxsize=64)
def _national(year: int) -> tuple[dict[datetime.date, str], frozenset[datetime.date]]:
    """The public holidays of a year with their Vietnamese names, and its working Saturdays."""
    days = holidays.country_holidays("VN", years=year, language="vi")
    off = dict(sorted(days.items()))
    worked = frozenset(day for day in days.weekend_workdays if day.year == year)
    return off, worked


def national_holidays(year: int) -> dict[datetime.date, str]:
    """Public holidays and the Government's compensatory days off of a year, by date."""
    return dict(_national(year)[0])


def national_working_days(year: int) -> frozenset[datetime.date]:
    """Weekend days the Government made working days in exchange for a day off that year."""
    return _national(year)[1]


@dataclass(frozen=True)
class WorkCalendar:
    """The working days of one place: the national calendar plus a province's own changes.

    `days_off`: extra days off (date → name); `working_days`: weekend or holiday dates worked in
    compensation. Both are data a province enters; a date in both is a data error.
    """

    days_off: Mapping[datetime.date, str] = field(default_factory=dict)
    working_days: frozenset[datetime.date] = frozenset()

    def __post_init__(self) -> None:
        both = set(self.days_off) & set(self.working_days)
        if both:
            listed = ", ".join(date_text(d) for d in sorted(both))
            raise ValueError(f"Ngày vừa là ngày nghỉ vừa là ngày làm bù: {listed}")
        object.__setattr__(self, "working_days", frozenset(self.working_days))

    @classmethod
    def of(
        cls,
        days_off: Iterable[tuple[datetime.date, str]] = (),
        working_days: Iterable[datetime.date] = (),
    ) -> WorkCalendar:
        return cls(days_off=dict(days_off), working_days=frozenset(working_days))

    # --- One day ---------------------------------------------------------------------------

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.days_off:
            return False
        if day in self.working_days:
            return True
        off, worked = _national(day.year)
        if day in worked:
            return True
        if day in off:
            return False
        return day.weekday() not in WEEKEND

    def day_off_name(self, day: datetime.date) -> str | None:
        """Why a day is not worked ("Tết Nguyên Đán", "Thứ Bảy" …), None on a working day."""
        if self.is_working_day(day):
            return None
        if day in self.days_off:
            return self.days_off[day]
        name = _national(day.year)[0].get(day)
        if name:
            return name
        return "Thứ Bảy" if day.weekday() == 5 else "Chủ nhật"

    # --- Moving by working days ------------------------------------------------------------

    def previous_working_day(self, day: datetime.date, *, inclusive: bool = False) -> datetime.date:
        """The last working day before `day` (or `day` itself when `inclusive` and it is one)."""
        return self._step(day if inclusive else day - ONE_DAY, -ONE_DAY)

    def next_working_day(self, day: datetime.date, *, inclusive: bool = False) -> datetime.date:
        """The first working day after `day` (or `day` itself when `inclusive` and it is one)."""
        return self._step(day if inclusive else day + ONE_DAY, ONE_DAY)

    def add_working_days(self, day: datetime.date, count: int) -> datetime.date:
        """The working day `count` working days after `day` (before it when negative).

        `day` itself is not counted: one working day after Friday 24/4/2026 is Tuesday 28/4
        (Monday 27/4 is the Hùng Kings' day observed). Zero gives `day` unchanged.
        """
        step = ONE_DAY if count >= 0 else -ONE_DAY
        for _ in range(abs(count)):
            day = self._step(day + step, step)
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is earlier).

        The inverse of `add_working_days` on working days:
        `add_working_days(start, working_days_between(start, end)) == end` when `end` is worked.
        """
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1
            for n in range(1, (end - start).days + 1)
            if self.is_working_day(start + datetime.timedelta(days=n))
        )

    def _step(self, day: datetime.date, step: datetime.timedelta) -> datetime.date:
        for _ in range(_MAX_RUN):
            if self.is_working_day(day):
                return day
            day += step
        raise ValueError(f"Không có ngày làm việc nào trong {_MAX_RUN} ngày kể từ {date_text(day)}")
