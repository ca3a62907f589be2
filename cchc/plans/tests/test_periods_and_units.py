"""The pure readers: periods in words, unit names as annexes write them, and the registry."""

from __future__ import annotations

import datetime
import re

import pytest

from cchc.plans.channels import Channel, channel_from_text, parse_target
from cchc.plans.plan_periods import (
    ALL_MONTHS,
    PlanPeriodError,
    month_mask,
    months_of,
    parse_plan_period,
    plan_period_end,
    plan_period_label,
)
from cchc.plans.unit_names import UnitMatcher


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("Quý I/2026", [1, 2, 3]),
        ("Quý I và Quý III/2026", [1, 2, 3, 7, 8, 9]),
        ("quy i va quy iii", [1, 2, 3, 7, 8, 9]),
        ("Quý II - Quý IV", list(range(4, 13))),
        ("Quý 2, 3", list(range(4, 10))),
        ("Cả năm 2026", list(range(1, 13))),
        ("Năm 2026", list(range(1, 13))),
        ("Thường xuyên", list(range(1, 13))),
        ("Hằng tháng", list(range(1, 13))),
        ("Tháng 6", [6]),
        ("Tháng 6/2026", [6]),
        ("Tháng 3, 4 và 9/2026", [3, 4, 9]),
        ("Từ tháng 3 đến tháng 5/2026", [3, 4, 5]),
        ("6 tháng đầu năm", list(range(1, 7))),
        ("6 tháng cuối năm 2026", list(range(7, 13))),
        ("01/3/2026 - 30/4/2026", [3, 4]),
        ("Trước ngày 15/3", [3]),
    ],
)
def test_periods_written_in_words_are_read_into_months(text, months):
    assert months_of(parse_plan_period(text, 2026)) == months


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Chưa ghi thời gian"),
        ("Quý I/2025", "ghi năm 2025, ngoài năm của kế hoạch (2026)"),
        ("05/01/2027", "ngoài năm của kế hoạch"),
        ("31/2/2026", "ngày không hợp lệ"),
        ("Tháng 13", "tháng 13, không có"),
        ("sắp tới", "Không đọc được thời gian «sắp tới»"),
    ],
)
def test_unreadable_periods_and_other_years_are_refused(text, message):
    with pytest.raises(PlanPeriodError, match=re.escape(message)):
        parse_plan_period(text, 2026)


def test_months_are_printed_back_the_way_annexes_write_them():
    assert plan_period_label(ALL_MONTHS, 2026) == "Cả năm 2026"
    assert plan_period_label(month_mask([1, 2, 3, 7, 8, 9]), 2026) == "Quý I và Quý III/2026"
    assert plan_period_label(month_mask([6]), 2026) == "Tháng 6/2026"
    assert plan_period_label(month_mask([3, 4, 5]), 2026) == "Từ tháng 3 đến tháng 5/2026"
    assert plan_period_end(month_mask([1, 2]), 2028) == datetime.date(2028, 2, 29)


def test_forms_and_targets_are_read_from_the_annex_words():
    assert channel_from_text("Trên Cổng thông tin điện tử xã") == Channel.PORTAL_ARTICLE
    assert (
        channel_from_text("Pano, áp phích, băng rôn. Bài viết trên mạng xã hội") == Channel.VISUAL
    )
    assert channel_from_text("Tin bài phát thanh trên Hệ thống loa truyền thanh") == Channel.RADIO
    assert channel_from_text("Hội nghị") == Channel.CONFERENCE
    assert channel_from_text("Việc khác") == Channel.OTHER
    assert parse_target("12 bài") == (12, "bài")
    assert parse_target("nhiều") is None


def test_unit_names_match_by_folded_words_or_one_unit_containing_them():
    matcher = UnitMatcher(
        [(1, "Phòng Văn hóa - Xã hội"), (2, "Trung tâm Dịch vụ sự nghiệp công"), (3, "Thôn 1")]
    )
    assert matcher.match_one("Phòng Văn hoá - Xã hội") == (1, "Phòng Văn hoá - Xã hội")
    assert matcher.match_one("Trung tâm sự nghiệp công")[0] == 2
    assert matcher.match_one("Trung tâm")[0] is None  # too short to name one unit
    generic = matcher.match_many("Các cơ quan, đơn vị liên quan")
    assert (generic.unit_ids, generic.unknown, generic.note) == (
        [],
        [],
        "Các cơ quan, đơn vị liên quan",
    )
    several = matcher.match_many("Phòng Văn hóa - Xã hội, Thôn 1 và Hội Nông dân")
    assert several.unit_ids == [] and several.unknown == [
        "Phòng Văn hóa - Xã hội, Thôn 1 và Hội Nông dân"
    ]
    split = matcher.match_many("Phòng Văn hóa - Xã hội; Thôn 1; Hội Nông dân")
    assert split.unit_ids == [1, 3] and split.unknown == ["Hội Nông dân"]
    listed = matcher.match_many("Phòng Văn hóa - Xã hội, Thôn 1")
    assert listed.unit_ids == [1, 3] and not listed.unknown
