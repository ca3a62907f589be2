"""When a plan item runs, as the annex writes it: months of the plan's year, read from words.

An annex's "Thời gian" column is free text: «Quý I/2026», «Quý I và Quý III/2026», «Cả năm
2026», «Tháng 6», «Thường xuyên», «6 tháng đầu năm», «Từ tháng 3 đến tháng 5/2026»,
«01/3/2026 - 30/4/2026». `parse_plan_period` turns it into a set of months of the plan's year,
stored as a 12-bit mask (bit 0 = January); `PlanPeriodError` carries a Vietnamese message.

Pure functions (no Django): reporting periods and deadlines are another module's concern
(`cchc.reports`); this one only reads the plan's own wording.
"""

from __future__ import annotations

import calendar
import datetime
import re

from cchc.vietnamese import fold

ALL_MONTHS = 0xFFF
QUARTER_MONTHS = {1: (1, 2, 3), 2: (4, 5, 6), 3: (7, 8, 9), 4: (10, 11, 12)}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_LABEL = {1: "I", 2: "II", 3: "III", 4: "IV"}

EXAMPLES = "«Quý I/2026», «Quý I và Quý III/2026», «Tháng 6/2026», «Cả năm 2026», «Thường xuyên»"


class PlanPeriodError(ValueError):
    """The period cannot be read, or falls outside the plan's year (message in Vietnamese)."""


# Words meaning "all year round" (folded).
_WHOLE_YEAR = re.compile(
    r"\b(ca nam|thuong xuyen|quanh nam|hang thang|hang quy|hang tuan|hang ngay|lien tuc"
    r"|trong nam|suot nam|ca giai doan|dinh ky)\b"
)
_HALF = re.compile(r"\b6 thang (dau|cuoi) nam\b")
_NINE = re.compile(r"\b9 thang( dau nam)?\b")
_DATE = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?\b")
_YEAR = re.compile(r"\b(?:nam\s+)?((?:19|20)\d{2})\b")
_NUM = r"(?:iv|iii|ii|i|\d{1,2})"
_LIST_SEP = r"\s*(?:,|;|&|\+|va|-|den|toi)\s*"
_QUARTERS = re.compile(rf"\bquy\s+({_NUM}(?:{_LIST_SEP}(?:quy\s+)?{_NUM})*)\b")
_MONTHS = re.compile(rf"\bthang\s+(\d{{1,2}}(?:{_LIST_SEP}(?:thang\s+)?\d{{1,2}})*)\b")
_TOKEN = re.compile(rf"{_NUM}|-|den|toi")


def month_mask(months: list[int] | tuple[int, ...] | set[int]) -> int:
    mask = 0
    for month in months:
        mask |= 1 << (month - 1)
    return mask


def months_of(mask: int) -> list[int]:
    return [m for m in range(1, 13) if mask & (1 << (m - 1))]


def _numbers(text: str, *, roman: bool) -> list[int]:
    """A list such as "i va iii" or "3 - 6" (a dash or "đến" makes a range) as numbers."""
    out: list[int] = []
    pending_range = False
    for token in _TOKEN.findall(text):
        if token in ("-", "den", "toi"):
            pending_range = bool(out)
            continue
        value = ROMAN[token] if roman and token in ROMAN else int(token) if token.isdigit() else 0
        if pending_range and out and value >= out[-1]:
            out.extend(range(out[-1] + 1, value + 1))
        else:
            out.append(value)
        pending_range = False
    return out


def _check_years(text: str, year: int, original: str) -> None:
    for match in _YEAR.finditer(text):
        found = int(match.group(1))
        if found != year:
            raise PlanPeriodError(
                f"Thời gian «{original}» ghi năm {found}, ngoài năm của kế hoạch ({year})."
            )


def parse_plan_period(text: str, year: int) -> int:
    """The months of `year` the period names, as a mask; PlanPeriodError when it cannot be read
    or names a date, month or year outside the plan's year."""
    original = " ".join((text or "").split())
    if not original:
        raise PlanPeriodError("Chưa ghi thời gian thực hiện.")
    folded = fold(original)
    mask = 0
    # Full dates first (their "/2026" is not a month list), then the years left in the text.
    for match in _DATE.finditer(folded):
        day, month, date_year = int(match.group(1)), int(match.group(2)), match.group(3)
        if date_year is None and "/" not in match.group(0):
            continue  # «3 - 6»: a range of months, read below
        if date_year is not None and int(date_year) != year:
            raise PlanPeriodError(
                f"Thời gian «{original}» có ngày {match.group(0)} ngoài năm của kế hoạch ({year})."
            )
        try:
            datetime.date(year, month, day)
        except ValueError as exc:
            raise PlanPeriodError(f"Thời gian «{original}» có ngày không hợp lệ.") from exc
        mask |= month_mask([month])
    dates = [int(m.group(2)) for m in _DATE.finditer(folded) if m.group(3) or "/" in m.group(0)]
    if len(dates) == 2 and dates[0] <= dates[1]:  # «01/3/2026 - 30/4/2026»: the months between
        mask |= month_mask(range(dates[0], dates[1] + 1))
    folded = _DATE.sub(lambda m: " " if m.group(3) or "/" in m.group(0) else m.group(0), folded)
    _check_years(folded, year, original)
    folded = re.sub(r"/\s*(?:19|20)\d{2}\b", " ", folded)
    folded = re.sub(r"\bnam\s+(?:19|20)\d{2}\b", " nam ", folded)
    folded = " ".join(folded.split())
    if not mask and (_WHOLE_YEAR.search(folded) or folded in ("", "nam")):
        return ALL_MONTHS
    for match in _HALF.finditer(folded):
        mask |= month_mask(range(1, 7) if match.group(1) == "dau" else range(7, 13))
    folded = _HALF.sub(" ", folded)
    if _NINE.search(folded):
        mask |= month_mask(range(1, 10))
        folded = _NINE.sub(" ", folded)
    for match in _QUARTERS.finditer(folded):
        for quarter in _numbers(match.group(1), roman=True):
            if quarter not in QUARTER_MONTHS:
                raise PlanPeriodError(f"Thời gian «{original}» ghi quý không có (chỉ có quý I-IV).")
            mask |= month_mask(QUARTER_MONTHS[quarter])
    for match in _MONTHS.finditer(folded):
        for month in _numbers(match.group(1), roman=False):
            if not 1 <= month <= 12:
                raise PlanPeriodError(f"Thời gian «{original}» ghi tháng {month}, không có.")
            mask |= month_mask([month])
    if not mask:
        raise PlanPeriodError(f"Không đọc được thời gian «{original}»; hãy ghi như {EXAMPLES}.")
    return mask


def plan_period_label(mask: int, year: int) -> str:
    """The months in words, the way an annex writes them: «Quý I và Quý III/2026»."""
    months = months_of(mask)
    if not months:
        return ""
    if mask == ALL_MONTHS:
        return f"Cả năm {year}"
    if months == list(range(1, 7)):
        return f"6 tháng đầu năm {year}"
    if months == list(range(7, 13)):
        return f"6 tháng cuối năm {year}"
    quarters = [q for q, ms in QUARTER_MONTHS.items() if all(m in months for m in ms)]
    if sum(len(QUARTER_MONTHS[q]) for q in quarters) == len(months):
        names = [f"Quý {ROMAN_LABEL[q]}" for q in quarters]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]
        return f"{joined}/{year}"
    if len(months) > 2 and months == list(range(months[0], months[-1] + 1)):
        return f"Từ tháng {months[0]} đến tháng {months[-1]}/{year}"
    listed = ", ".join(str(m) for m in months)
    return f"Tháng {listed}/{year}"


def plan_period_end(mask: int, year: int) -> datetime.date | None:
    """The last day of the last month named: after it, an unfinished item is late."""
    months = months_of(mask)
    if not months:
        return None
    last = months[-1]
    return datetime.date(year, last, calendar.monthrange(year, last)[1])


def year_mentioned(text: str) -> int | None:
    """The first year (19xx/20xx) written in a text, for a plan whose year is not given."""
    match = _YEAR.search(fold(text or ""))
    return int(match.group(1)) if match else None
