"""Day-first dates as Vietnamese text writes them (cchc.vietnamese.dates)."""

from __future__ import annotations

import datetime

from cchc.vietnamese.dates import (
    date_range_text,
    date_text,
    date_time_text,
    day_month_text,
    month_text,
    time_date_text,
)

DAY = datetime.date(2026, 3, 5)
MOMENT = datetime.datetime(2026, 12, 2, 9, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


def test_a_date_is_written_day_first_with_leading_zeros():
    assert date_text(DAY) == "05/03/2026"
    assert date_text(MOMENT) == "02/12/2026"


def test_no_date_is_the_text_given_for_it():
    assert date_text(None) == ""
    assert date_text(None, "chưa có") == "chưa có"


def test_parts_of_a_date():
    assert day_month_text(DAY) == "05/03"
    assert month_text(DAY) == "03/2026"


def test_a_moment_with_its_time_in_either_order():
    assert date_time_text(MOMENT) == "02/12/2026 09:05"
    assert time_date_text(MOMENT) == "09:05 02/12/2026"
    assert time_date_text(MOMENT, " ngày ") == "09:05 ngày 02/12/2026"


def test_a_period():
    end = datetime.date(2026, 3, 31)
    assert date_range_text(DAY, end) == "05/03/2026 – 31/03/2026"
    assert date_range_text(DAY, end, "–") == "05/03/2026–31/03/2026"
