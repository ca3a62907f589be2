"""The period of the dashboard and the exports: from/to dates or a preset, checked and clamped.

Bad input never fails the page: unparseable dates or an end before the start give a message and
the default period (the last 30 days); a future end is clamped to today, a period longer than
three years to its last three years, each with a message saying so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django import forms
from django.conf import settings

from cchc.analytics.periods import Period
from cchc.vietnamese.dates import date_text

ONE_DAY = datetime.timedelta(days=1)
DEFAULT_DAYS = 30
MAX_YEARS = 3
EARLIEST = datetime.date(2000, 1, 1)

PRESETS = [
    ("7", "7 ngày qua"),
    ("30", "30 ngày qua"),
    ("thang", "Tháng này"),
    ("quy", "Quý này"),
    ("nam", "Năm nay"),
]


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=settings.DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 10},
        ),
        error_messages={"invalid": "Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 05/03/2026."},
    )


class PeriodForm(forms.Form):
    khoang = forms.ChoiceField(
        label="Khoảng thời gian",
        choices=[("", "Tự chọn ngày"), *PRESETS],
        required=False,
        error_messages={"invalid_choice": "Khoảng thời gian có sẵn không hợp lệ."},
    )
    tu = _date_field("Từ ngày")
    den = _date_field("Đến ngày")


def preset_period(preset: str, today: datetime.date) -> Period:
    if preset == "7":
        return Period(today - datetime.timedelta(days=6), today)
    if preset == "thang":
        return Period(today.replace(day=1), today)
    if preset == "quy":
        return Period(today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today)
    if preset == "nam":
        return Period(today.replace(month=1, day=1), today)
    return Period(today - datetime.timedelta(days=DEFAULT_DAYS - 1), today)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class Resolved:
    period: Period
    preset: str = ""
    errors: list[str] = field(default_factory=list)  # the request could not be followed
    notes: list[str] = field(default_factory=list)  # followed, but changed (clamped)

    @property
    def messages(self) -> list[str]:
        return self.errors + self.notes

    def form(self) -> PeriodForm:
        """A fresh form showing the period actually used."""
        return PeriodForm(
            initial={"khoang": self.preset, "tu": self.period.start, "den": self.period.end}
        )

    def query(self) -> dict[str, str]:
        return {"tu": date_text(self.period.start), "den": date_text(self.period.end)}


def resolve_period(data, today: datetime.date) -> Resolved:
    """The period asked for in `data` (a QueryDict or dict), made valid."""
    default = preset_period("30", today)
    if not any(data.get(name) for name in ("khoang", "tu", "den")):
        return Resolved(default, preset="30")
    form = PeriodForm(data)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return Resolved(
            default,
            preset="30",
            errors=[*dict.fromkeys(problems), "Đang hiển thị 30 ngày gần nhất."],
        )
    preset, start, end = (form.cleaned_data[k] for k in ("khoang", "tu", "den"))
    if preset:
        return Resolved(preset_period(preset, today), preset=preset)
    result = Resolved(default)
    if start is None:
        end = end or today
        start = end - datetime.timedelta(days=DEFAULT_DAYS - 1)
    end = end or today
    if start > today:
        result.errors += [
            f"Ngày bắt đầu ({date_text(start)}) chưa tới; chưa có số liệu.",
            "Đang hiển thị 30 ngày gần nhất.",
        ]
        return result
    if end > today:
        result.notes.append(
            f"Ngày kết thúc ({date_text(end)}) ở tương lai nên được tính đến hôm nay "
            f"({date_text(today)})."
        )
        end = today
    if end < start:
        result.errors += [
            f"Ngày kết thúc ({date_text(end)}) trước ngày bắt đầu ({date_text(start)}). "
            "Hãy chọn lại: ngày kết thúc phải bằng hoặc sau ngày bắt đầu.",
            "Đang hiển thị 30 ngày gần nhất.",
        ]
        result.notes = []
        return result
    if end < EARLIEST:
        result.errors += [
            f"Không có số liệu trước ngày {date_text(EARLIEST)}.",
            "Đang hiển thị 30 ngày gần nhất.",
        ]
        result.notes = []
        return result
    earliest = max(years_before(end, MAX_YEARS) + ONE_DAY, EARLIEST)
    if start < earliest:
        result.notes.append(
            f"Khoảng thời gian dài hơn {MAX_YEARS} năm nên chỉ tính {MAX_YEARS} năm gần nhất: "
            f"từ {date_text(earliest)} đến {date_text(end)}."
            if earliest > EARLIEST
            else f"Số liệu chỉ tính từ ngày {date_text(EARLIEST)}."
        )
        start = earliest
    result.period = Period(start, end)
    return result
