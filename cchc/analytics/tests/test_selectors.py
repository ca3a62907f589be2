"""Selectors: a period's figures, from monthly rows inside it and daily rows at its edges."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cchc.analytics.comparison import compare_communes
from cchc.analytics.daily import chart_buckets
from cchc.analytics.models import DailyCount, Dimension, EngagementEvent, MonthlyCount
from cchc.analytics.periods import Period, Plan, split_period
from cchc.analytics.ranking import sums
from cchc.analytics.recorder import PendingView, write_batch
from cchc.analytics.selectors import (
    deleted_page_label,
    figures,
)
from cchc.analytics.services import rollup_commune
from cchc.communes.services import CommuneSpec
from cchc.portal.models import Topic
from cchc.portal.provisioning import commune_create
from cchc.portal.tests.helpers import publish_article
from cchc.search.querylog import log_query

D = datetime.date
TODAY = D(2026, 3, 20)


def _view(commune, day, visitor, *, minute=0, **fields) -> PendingView:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, minute)))
    values = {
        "commune_id": commune.id,
        "at": at,
        "day": day,
        "page_id": None,
        "kind": "article",
        "object_key": "",
        "in_section": True,
        "topics": "",
        "channel": "direct",
        "device": "mobile",
        "visitor": visitor,
    }
    values.update(fields)
    return PendingView(**values)


def _days(first: D, last: D) -> list[D]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


# --- Periods -----------------------------------------------------------------------------------


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    period = Period(D(2026, 3, 1), D(2026, 3, 31))
    assert period.days == 31
    assert period.previous() == Period(D(2026, 1, 29), D(2026, 2, 28))


@pytest.mark.parametrize(
    ("start", "end", "plan"),
    [
        # Days of one month, most of it outside: read the days.
        (D(2026, 3, 5), D(2026, 3, 9), Plan([(D(2026, 3, 5), D(2026, 3, 9))], [], [])),
        # A whole month.
        (D(2026, 2, 1), D(2026, 2, 28), Plan([], [D(2026, 2, 1)], [])),
        # Most of January (month minus two days), February, a few days of March.
        (
            D(2026, 1, 3),
            D(2026, 3, 4),
            Plan(
                [(D(2026, 3, 1), D(2026, 3, 4))],
                [D(2026, 1, 1), D(2026, 2, 1)],
                [(D(2026, 1, 1), D(2026, 1, 2))],
            ),
        ),
        # Up to today: the rest of the month has no rows yet, so the month is read whole.
        (D(2026, 2, 19), TODAY, Plan([(D(2026, 2, 19), D(2026, 2, 28))], [D(2026, 3, 1)], [])),
        (D(2025, 12, 31), D(2026, 1, 1), Plan([(D(2025, 12, 31), D(2026, 1, 1))], [], [])),
    ],
)
def test_a_period_is_read_as_months_plus_or_minus_the_fewest_days(start, end, plan):
    assert split_period(Period(start, end), today=TODAY) == plan


# --- Sums --------------------------------------------------------------------------------------


@pytest.fixture
def three_months(commune_a):
    """Two views a day (one reload) from 20/12/2025 to 20/03/2026, rolled up."""
    views = []
    for day in _days(D(2025, 12, 20), TODAY):
        views += [
            _view(commune_a, day, "a" * 16, channel="zalo"),
            _view(commune_a, day, "a" * 16, minute=5, channel="zalo"),  # reload
            _view(commune_a, day, "b" * 16, device="desktop"),
        ]
    write_batch(views)
    rollup_commune(commune_a.id, TODAY)
    return commune_a


def _daily_sum(commune, period, dimension, key) -> tuple[int, int, int]:
    rows = DailyCount.objects.filter(
        commune=commune,
        dimension=dimension,
        key=key,
        day__range=(period.start, period.end),
    ).values_list("views", "visitors", "raw")
    return tuple(sum(r[i] for r in rows) for i in range(3))


@pytest.mark.parametrize(
    "period",
    [
        Period(D(2026, 1, 10), D(2026, 3, 15)),  # days + a whole month + days
        Period(D(2026, 1, 3), D(2026, 3, 18)),  # months minus days at both ends
        Period(D(2026, 1, 1), D(2026, 2, 28)),  # whole months only
        Period(D(2026, 3, 2), D(2026, 3, 9)),  # days only
        Period(D(2026, 2, 20), TODAY),  # up to today
        Period(D(2025, 12, 1), D(2026, 3, 20)),  # before the first view
    ],
)
def test_sums_over_months_and_days_equal_the_sum_of_the_daily_rows(three_months, period):
    assert MonthlyCount.objects.filter(commune=three_months).exists()
    result = sums([three_months.id], period, [Dimension.TOTAL, Dimension.CHANNEL], today=TODAY)
    for dimension, key in [("total", "section"), ("total", "site"), ("channel", "zalo")]:
        counts = result[(three_months.id, dimension, key)]
        expected = _daily_sum(three_months, period, dimension, key)
        assert (counts.views, counts.visitors, counts.raw) == expected
    section = result[(three_months.id, "total", "section")]
    days = len(_days(max(period.start, D(2025, 12, 20)), min(period.end, TODAY)))
    assert (section.views, section.visitors, section.reloads) == (2 * days, 2 * days, days)


def test_sums_take_a_fixed_number_of_queries_whatever_the_length(
    three_months, django_assert_num_queries
):
    with django_assert_num_queries(3):  # days, months, days to subtract
        sums([three_months.id], Period(D(2026, 1, 3), D(2026, 3, 10)), [Dimension.TOTAL])
    with django_assert_num_queries(1):
        sums([three_months.id], Period(D(2026, 3, 2), D(2026, 3, 10)), [Dimension.TOTAL])


def test_a_key_seen_only_outside_the_period_is_not_listed(three_months):
    write_batch([_view(three_months, D(2026, 1, 2), "c" * 16, channel="youtube")])
    rollup_commune(three_months.id, TODAY)
    period = Period(D(2026, 1, 3), D(2026, 2, 28))  # January read as month minus 1-2 January

    result = sums([three_months.id], period, [Dimension.CHANNEL], today=TODAY)

    assert (three_months.id, "channel", "youtube") not in result
    assert result[(three_months.id, "channel", "zalo")].views == 57


# --- Figures -----------------------------------------------------------------------------------


def test_figures_name_pages_procedures_and_topics_and_compare_with_the_previous_period(
    commune_a,
):
    topic = Topic.objects.get(number=3)
    article = publish_article(commune_a, "Hướng dẫn cấp căn cước", topics=[3])
    period = Period(D(2026, 3, 11), TODAY)
    in_period, before = D(2026, 3, 12), D(2026, 3, 5)
    views = [
        _view(commune_a, in_period, f"{n:016x}", page_id=article.id, topics=str(topic.id))
        for n in range(3)
    ]
    views += [
        _view(commune_a, before, "f" * 16, page_id=article.id, topics=str(topic.id)),
        _view(commune_a, in_period, "e" * 16, page_id=999999, kind="article"),
        _view(commune_a, in_period, "d" * 16, kind="procedure", object_key="1.001193"),
    ]
    write_batch(views)
    rollup_commune(commune_a.id, TODAY)

    fig = figures(commune_a, period)

    assert fig.section.views == 5 and fig.previous_section.views == 1
    assert [(r.label, r.views, r.previous_views) for r in fig.articles] == [
        ("Hướng dẫn cấp căn cước", 3, 1)
    ]
    assert fig.articles[0].url.endswith(f"/cai-cach-hanh-chinh/tin-tuc/{article.slug}/")
    # A page deleted since is still counted, under a label saying so.
    assert deleted_page_label(999999) in [r.label for r in fig.pages]
    assert [(r.key, r.views) for r in fig.procedures] == [("1.001193", 1)]
    assert "(thủ tục không còn trong danh mục)" in fig.procedures[0].label
    # The nine topics, zeros included, in their order.
    assert len(fig.topics) == Topic.objects.count() == 9
    assert {r.label: r.views for r in fig.topics}[topic.name] == 3
    assert fig.top_topic.label == topic.name
    assert sum(r.views for r in fig.channels) == fig.section.views
    assert [d.section.views for d in fig.days if d.day == in_period] == [5]
    assert len(fig.days) == len(fig.previous_days) == period.days


def test_the_interest_score_weighs_engaged_readers_and_shares(commune_a):
    article = publish_article(commune_a, "Thanh toán trực tuyến", topics=[1])
    day = D(2026, 3, 15)
    write_batch([_view(commune_a, day, f"{n:016x}", page_id=article.id) for n in range(4)])
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    beacon = {"commune": commune_a, "at": at, "day": day, "page_id": article.id}
    EngagementEvent.objects.bulk_create(
        [
            EngagementEvent(**beacon, type="read", seconds=45, visitor="0" * 16),
            EngagementEvent(**beacon, type="read", depth=80, visitor="1" * 16),
            EngagementEvent(**beacon, type="read", seconds=5, depth=10, visitor="2" * 16),
            EngagementEvent(**beacon, type="share", share_to="zalo", visitor="0" * 16),
        ]
    )
    rollup_commune(commune_a.id, TODAY)

    (interest,) = figures(commune_a, Period(D(2026, 3, 1), TODAY)).interest

    assert (interest.visitors, interest.engaged, interest.shares) == (4, 2, 1)
    assert interest.score == 4 + 2 * 2 + 3 * 1
    assert interest.previous_score == 0


def test_searches_rank_queries_and_those_without_result(commune_a, commune_b):
    # Each query typed by three different visitors (listed only from three: test_search_privacy).
    for n in range(3):
        for text, results in [("khai sinh", 4), ("khai sinh", 4), ("so do", 0), ("so do", 0)]:
            log_query(commune_a, text, results, visitor=f"{n:016x}")
        log_query(commune_a, "lam cccd", 0, visitor=f"{n:016x}")
        log_query(commune_b, "chi o nguyet vien", 0, visitor=f"{n:016x}")
    today = timezone.localdate()

    fig = figures(commune_a, Period(today - datetime.timedelta(days=6), today))

    assert [(s.text, s.count) for s in fig.searches] == [
        ("khai sinh", 6),
        ("so do", 6),
        ("lam cccd", 3),
    ]
    assert [(s.text, s.count) for s in fig.no_result] == [("so do", 6), ("lam cccd", 3)]
    assert (fig.search_total, fig.no_result_total) == (15, 9)


def test_the_chart_is_daily_up_to_92_days_and_weekly_beyond(three_months):
    short = figures(three_months, Period(D(2026, 3, 1), D(2026, 3, 20)))
    unit, buckets = chart_buckets(short)
    assert unit == "ngày" and len(buckets) == 20
    assert [b.views for b in buckets] == [2] * 20

    long = figures(three_months, Period(D(2025, 12, 1), D(2026, 3, 20)))
    unit, buckets = chart_buckets(long)
    assert unit == "tuần" and len(buckets) == 16  # 110 days
    assert sum(b.views for b in buckets) == long.section.views


def test_todays_figures_are_provisional(three_months):
    fig = figures(three_months, Period(D(2026, 3, 1), TODAY))
    fig.today = TODAY
    assert fig.final_through == D(2026, 3, 19)
    assert fig.provisional_from == TODAY
    fig = figures(three_months, Period(D(2026, 3, 1), D(2026, 3, 10)))
    fig.today = TODAY
    assert fig.provisional_from is None


def test_communes_are_compared_side_by_side(commune_a):
    other = commune_create(
        spec=CommuneSpec(42, "Hà Tĩnh", 18232, "Tùng Ảnh", "xa", "tung-anh"),
        hostname="tung-anh.localhost",
    )
    topic = Topic.objects.get(number=2)
    day = D(2026, 3, 15)
    write_batch(
        [_view(commune_a, day, f"{n:016x}", topics=str(topic.id)) for n in range(3)]
        + [_view(other, day, "9" * 16)]
    )
    rollup_commune(commune_a.id, TODAY)
    rollup_commune(other.id, TODAY)

    rows = compare_communes([other, commune_a], Period(D(2026, 3, 1), TODAY))

    assert [(r.commune, r.section.views, r.top_topic) for r in rows] == [
        (commune_a, 3, topic.name),
        (other, 1, ""),
    ]
