"""Periods and deadlines across years: seed 003's rule, a Sunday, Tết, a province's own days."""

from __future__ import annotations

import datetime as D

import pytest

from cchc.reports.periods import DeadlineRule, periods_of_year, reporting_period
from cchc.vietnamese.calendar import WorkCalendar

NATIONAL = WorkCalendar()
SEED_003 = DeadlineRule()
d = D.date


def test_seed_003_before_the_5th_of_the_periods_last_month():
    q3 = reporting_period(2026, "q3", SEED_003, NATIONAL)
    assert (q3.start, q3.end) == (d(2026, 7, 1), d(2026, 9, 30))
    assert q3.due == d(2026, 9, 4)  # "trước ngày 05": Friday the 4th is the last day on time
    assert q3.moved_because is None
    assert q3.label == "Quý III/2026"


def test_the_year_has_quarters_six_months_and_the_year_and_nine_months_only_on_request():
    kinds = [p.kind for p in periods_of_year(2026, SEED_003, NATIONAL)]
    assert kinds == ["q1", "q2", "h1", "q3", "q4", "y"]
    with_nine = DeadlineRule(nine_months=True)
    periods = {p.kind: p for p in periods_of_year(2026, with_nine, NATIONAL)}
    assert (periods["m9"].start, periods["m9"].end) == (d(2026, 1, 1), d(2026, 9, 30))
    assert periods["h1"].label == "6 tháng năm 2026" and periods["y"].label == "Năm 2026"


def test_a_deadline_on_a_sunday_moves_to_the_friday_before():
    q2 = reporting_period(2028, "q2", SEED_003, NATIONAL)
    assert d(2028, 6, 4).weekday() == 6
    assert q2.due == d(2028, 6, 2)
    assert q2.moved_because == "Chủ nhật"


def test_a_deadline_on_a_saturday_next_to_national_day_moves_past_both():
    # 4/9/2027 is a Saturday and 2–3/9/2027 the National Day holiday: Wednesday 1/9.
    q3 = reporting_period(2027, "q3", SEED_003, NATIONAL)
    assert q3.due == d(2027, 9, 1)


def test_a_deadline_in_tet_moves_before_tet():
    # A province whose reports are due by the 10th of the second month after the period:
    # the year 2026's report is due 10/2/2027, the fifth day of Tết Đinh Mùi.
    rule = DeadlineRule(due_day=10, month_offset=2, before=False)
    year = reporting_period(2026, "y", rule, NATIONAL)
    assert year.nominal_due == d(2027, 2, 10)
    assert year.due == d(2027, 2, 3)  # the last working day before Tết (4–10/2)
    assert "Tết" in year.moved_because


def test_the_civil_code_rule_moves_to_the_next_working_day():
    rule = DeadlineRule(shift="next")
    assert reporting_period(2028, "q2", rule, NATIONAL).due == d(2028, 6, 5)


def test_a_province_day_off_moves_a_deadline():
    province = WorkCalendar.of(days_off=[(d(2026, 9, 4), "Nghỉ bù của tỉnh")])
    q3 = reporting_period(2026, "q3", SEED_003, province)
    assert q3.due == d(2026, 9, 3) and q3.moved_because == "Nghỉ bù của tỉnh"


def test_the_period_closes_after_the_grace_working_days():
    q3 = reporting_period(2026, "q3", SEED_003, NATIONAL)
    assert q3.closes == d(2026, 9, 18)  # ten working days after Friday 4/9
    assert q3.state_on(d(2026, 6, 30)) == "upcoming"
    assert q3.state_on(d(2026, 9, 4)) == "open"
    assert q3.state_on(d(2026, 9, 7)) == "late"
    assert q3.state_on(d(2026, 9, 19)) == "closed"


def test_a_rule_outside_its_bounds_is_refused():
    with pytest.raises(ValueError, match="Ngày hạn"):
        DeadlineRule(due_day=31)
    with pytest.raises(ValueError):
        reporting_period(2026, "q5", SEED_003, NATIONAL)
