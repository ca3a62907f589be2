"""Working days over real years: Tết by the lunar calendar, 30/4–1/5, 2/9, compensatory days."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.vietnamese.calendar import WorkCalendar, national_holidays, national_working_days

D = dt.date
NATIONAL = WorkCalendar()


def test_tet_2026_falls_in_february_by_the_lunar_calendar():
    # Tết Bính Ngọ: New Year's Day (mùng một) is Tuesday 17/2/2026; the holiday runs 16–20/2.
    off = national_holidays(2026)
    assert off[D(2026, 2, 17)] == "Tết Nguyên Đán"
    assert all(not NATIONAL.is_working_day(D(2026, 2, day)) for day in range(14, 23))
    assert NATIONAL.is_working_day(D(2026, 2, 13)) and NATIONAL.is_working_day(D(2026, 2, 23))


def test_tet_2027_moves_with_the_moon_to_early_february():
    # Tết Đinh Mùi: mùng một is Saturday 6/2/2027, so the break runs from 4/2 to 10/2.
    assert national_holidays(2027)[D(2027, 2, 6)] == "Tết Nguyên Đán"
    assert [d for d in (D(2027, 2, n) for n in range(3, 12)) if not NATIONAL.is_working_day(d)] == [
        D(2027, 2, n) for n in range(4, 11)
    ]
    assert NATIONAL.day_off_name(D(2027, 2, 8)) == "Mùng ba Tết Nguyên Đán"


def test_reunification_day_labour_day_and_national_day():
    for day in (D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 2), D(2027, 9, 2)):
        assert not NATIONAL.is_working_day(day), day
    # 1/5/2027 is a Saturday: Monday 3/5 is the day off in lieu.
    assert not NATIONAL.is_working_day(D(2027, 5, 3))


def test_the_governments_compensatory_saturday_is_a_working_day():
    # 31/8/2026 (Monday) is off to bridge to National Day, worked on Saturday 22/8/2026.
    assert D(2026, 8, 22) in national_working_days(2026)
    assert NATIONAL.is_working_day(D(2026, 8, 22))
    assert not NATIONAL.is_working_day(D(2026, 8, 31))
    assert NATIONAL.day_off_name(D(2026, 8, 31)).startswith("Ngày nghỉ")


def test_weekends_are_not_worked_and_are_named():
    assert NATIONAL.day_off_name(D(2026, 10, 3)) == "Thứ Bảy"
    assert NATIONAL.day_off_name(D(2026, 10, 4)) == "Chủ nhật"
    assert NATIONAL.day_off_name(D(2026, 10, 5)) is None


def test_a_provinces_own_days_off_and_compensatory_working_days():
    province = WorkCalendar.of(
        days_off=[(D(2026, 10, 5), "Nghỉ bù ngày truyền thống tỉnh")],
        working_days=[D(2026, 10, 10)],
    )
    assert not province.is_working_day(D(2026, 10, 5))
    assert province.day_off_name(D(2026, 10, 5)) == "Nghỉ bù ngày truyền thống tỉnh"
    assert province.is_working_day(D(2026, 10, 10))  # a Saturday worked in exchange
    assert NATIONAL.is_working_day(D(2026, 10, 5))  # other provinces are untouched


def test_a_date_both_off_and_worked_is_refused():
    with pytest.raises(ValueError, match="05/10/2026"):
        WorkCalendar.of(days_off=[(D(2026, 10, 5), "x")], working_days=[D(2026, 10, 5)])


def test_add_working_days_skips_weekends_and_holidays_both_ways():
    # Friday 24/4/2026 + 1 → Tuesday 28/4 (Monday 27/4 is Hùng Kings' day observed).
    assert NATIONAL.add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)
    # Wednesday 29/4 + 1 → Monday 4/5 (30/4, 1/5 off, then the weekend).
    assert NATIONAL.add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)
    assert NATIONAL.add_working_days(D(2026, 5, 4), -1) == D(2026, 4, 29)
    assert NATIONAL.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)  # across Tết
    assert NATIONAL.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)


def test_previous_and_next_working_day():
    assert NATIONAL.previous_working_day(D(2026, 2, 23)) == D(2026, 2, 13)
    assert NATIONAL.previous_working_day(D(2026, 2, 13), inclusive=True) == D(2026, 2, 13)
    assert NATIONAL.previous_working_day(D(2026, 9, 3)) == D(2026, 8, 28)  # 31/8–2/9, weekend
    assert NATIONAL.next_working_day(D(2026, 8, 29)) == D(2026, 9, 3)
    assert NATIONAL.next_working_day(D(2027, 1, 1), inclusive=True) == D(2027, 1, 4)


def test_working_days_between_counts_and_inverts_add_working_days():
    assert NATIONAL.working_days_between(D(2026, 4, 24), D(2026, 5, 4)) == 3  # 28, 29/4, 4/5
    assert NATIONAL.working_days_between(D(2026, 5, 4), D(2026, 4, 24)) == -3
    assert NATIONAL.working_days_between(D(2026, 1, 1), D(2026, 1, 1)) == 0
    # 2026: 261 weekdays less the holidays falling on weekdays (1/1, five of Tết, 27/4, 30/4,
    # 1/5, 31/8, 1–2/9, 24/11 = 13) plus the working Saturday 22/8.
    assert NATIONAL.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 261 - 13 + 1
    start = D(2026, 1, 2)
    for count in (1, 5, 20, 60, 200):
        end = NATIONAL.add_working_days(start, count)
        assert NATIONAL.working_days_between(start, end) == count
