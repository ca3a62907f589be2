"""Roll-ups: per day and key, monthly sums, idempotent, resumable, pruning."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cchc.analytics.models import (
    DailyCount,
    EngagementEvent,
    MonthlyCount,
    RollupState,
    ViewEvent,
)
from cchc.analytics.recorder import PendingView, write_batch
from cchc.analytics.services import prune, rollup_all, rollup_commune

TODAY = datetime.date(2026, 3, 3)


def _at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _view(commune, day, visitor, page_id=11, minute=0, **kw) -> PendingView:
    fields = {
        "commune_id": commune.id,
        "at": _at(day, minute=minute),
        "day": day,
        "page_id": page_id,
        "kind": "article",
        "object_key": "",
        "in_section": True,
        "topics": "1,3",
        "channel": "zalo",
        "device": "mobile",
        "visitor": visitor,
    }
    fields.update(kw)
    return PendingView(**fields)


def _rows(commune) -> set[tuple]:
    return set(
        DailyCount.objects.filter(commune=commune).values_list(
            "day", "dimension", "key", "views", "visitors", "raw"
        )
    )


def _history(commune):
    days = [TODAY - datetime.timedelta(days=n) for n in (40, 2, 1, 0)]
    views = []
    for day in days:
        views += [
            _view(commune, day, "a" * 16),
            _view(commune, day, "a" * 16, minute=5),  # reload
            _view(commune, day, "b" * 16, channel="search", device="desktop"),
            _view(
                commune,
                day,
                "c" * 16,
                page_id=None,
                kind="procedure",
                object_key="1.001",
                topics="",
                channel="direct",
            ),
            _view(commune, day, "d" * 16, page_id=1, kind="home", in_section=False, topics=""),
        ]
    write_batch(views)
    return days


def test_daily_rows_per_dimension(commune_a):
    days = _history(commune_a)
    rollup_commune(commune_a.id, TODAY)
    by_key = {(d, k): (v, u, r) for day, d, k, v, u, r in _rows(commune_a) if day == days[-1]}
    assert by_key[("total", "site")] == (4, 4, 5)
    assert by_key[("total", "section")] == (3, 3, 4)
    assert by_key[("page", "11")] == (2, 2, 3)
    assert by_key[("object", "procedure:1.001")] == (1, 1, 1)
    assert by_key[("topic", "1")] == (2, 2, 3)
    assert by_key[("channel", "zalo")] == (1, 1, 2)
    assert by_key[("channel", "search")] == (1, 1, 1)
    assert by_key[("device", "desktop")] == (1, 1, 1)
    assert ("page", "1") not in by_key  # the home page is outside the section


def test_months_are_sums_of_days_and_state_moves_to_yesterday(commune_a):
    _history(commune_a)
    rollup_commune(commune_a.id, TODAY)
    march = MonthlyCount.objects.get(
        commune=commune_a, month=datetime.date(2026, 3, 1), dimension="total", key="section"
    )
    assert (march.views, march.raw) == (9, 12)  # 1, 2 and 3 March
    january = MonthlyCount.objects.get(
        commune=commune_a, month=datetime.date(2026, 1, 1), dimension="total", key="section"
    )
    assert january.views == 3
    state = RollupState.objects.get(commune=commune_a)
    assert state.rolled_through == TODAY - datetime.timedelta(days=1)


def test_rerunning_gives_the_same_numbers(commune_a):
    _history(commune_a)
    rollup_commune(commune_a.id, TODAY)
    first = _rows(commune_a)
    monthly = set(MonthlyCount.objects.values_list("month", "dimension", "key", "views"))
    RollupState.objects.filter(commune=commune_a).update(rolled_through=None)  # start over
    rollup_commune(commune_a.id, TODAY)
    rollup_commune(commune_a.id, TODAY)
    assert _rows(commune_a) == first
    assert set(MonthlyCount.objects.values_list("month", "dimension", "key", "views")) == monthly


def test_an_interrupted_run_resumes_after_the_last_final_day(commune_a, monkeypatch):
    _history(commune_a)
    from cchc.analytics import services

    real = services.rollup_day
    calls = []

    def failing(commune_id, day):
        calls.append(day)
        if day == TODAY - datetime.timedelta(days=2):
            raise RuntimeError("killed")
        return real(commune_id, day)

    monkeypatch.setattr(services, "rollup_day", failing)
    try:
        rollup_commune(commune_a.id, TODAY)
    except RuntimeError:
        pass
    state = RollupState.objects.get(commune=commune_a)
    assert state.rolled_through == TODAY - datetime.timedelta(days=3)
    monkeypatch.setattr(services, "rollup_day", real)
    rollup_commune(commune_a.id, TODAY)
    expected = _rows(commune_a)
    DailyCount.objects.all().delete()
    RollupState.objects.all().delete()
    rollup_commune(commune_a.id, TODAY)
    assert _rows(commune_a) == expected


def test_engagement_rows(commune_a):
    for visitor, seconds, depth in [("e" * 16, 45, 10), ("f" * 16, 5, 90), ("g" * 16, 3, 20)]:
        EngagementEvent.objects.create(
            commune=commune_a,
            at=_at(TODAY),
            day=TODAY,
            page_id=11,
            type="read",
            seconds=seconds,
            depth=depth,
            visitor=visitor,
        )
    EngagementEvent.objects.create(
        commune=commune_a,
        at=_at(TODAY),
        day=TODAY,
        page_id=11,
        type="share",
        share_to="zalo",
        visitor="e" * 16,
    )
    rollup_commune(commune_a.id, TODAY)
    engaged = DailyCount.objects.get(dimension="engaged", key="11")
    shares = DailyCount.objects.get(dimension="share", key="11")
    assert (engaged.views, engaged.visitors) == (2, 2)
    assert shares.views == 1


def test_pruning_keeps_roll_ups_and_unrolled_days(commune_a, commune_b, settings):
    settings.CCHC_ANALYTICS_RAW_DAYS = 30
    _history(commune_a)
    write_batch([_view(commune_b, TODAY - datetime.timedelta(days=40), "z" * 16)])
    rollup_commune(commune_a.id, TODAY)  # commune B is never rolled up
    before = _rows(commune_a)
    deleted = prune(TODAY)
    assert deleted["views"] == 4  # the day 40 days ago of commune A (its reload is in a row)
    assert not ViewEvent.objects.filter(commune=commune_a, day__lt=TODAY - datetime.timedelta(30))
    assert ViewEvent.objects.filter(commune=commune_b).count() == 1  # not rolled: kept
    assert _rows(commune_a) == before


def test_rollup_all_covers_every_commune(commune_a, commune_b):
    write_batch([_view(commune_a, TODAY, "a" * 16), _view(commune_b, TODAY, "b" * 16)])
    result = rollup_all(TODAY)
    assert result["days"] >= 2
    assert DailyCount.objects.filter(commune=commune_b, dimension="total", key="site").exists()
    # No figures leak between communes.
    assert DailyCount.objects.get(commune=commune_a, dimension="total", key="site").views == 1


def test_month_sums_are_never_left_stale_by_an_interrupted_run(commune_a, monkeypatch):
    _history(commune_a)
    from cchc.analytics import services

    real = services.rollup_month
    calls = []

    def killed_after_january(commune_id, month):
        calls.append(month)
        if len(calls) > 1:
            raise RuntimeError("killed")
        return real(commune_id, month)

    monkeypatch.setattr(services, "rollup_month", killed_after_january)
    try:
        rollup_commune(commune_a.id, TODAY)
    except RuntimeError:
        pass
    # January (its last day was final) is summed; the run died inside 1–2 March's days.
    assert MonthlyCount.objects.filter(month=datetime.date(2026, 1, 1)).exists()
    monkeypatch.setattr(services, "rollup_month", real)
    rollup_commune(commune_a.id, TODAY)
    resumed = set(MonthlyCount.objects.values_list("month", "dimension", "key", "views", "raw"))
    MonthlyCount.objects.all().delete()
    DailyCount.objects.all().delete()
    RollupState.objects.all().delete()
    rollup_commune(commune_a.id, TODAY)
    fresh = set(MonthlyCount.objects.values_list("month", "dimension", "key", "views", "raw"))
    assert resumed == fresh


def test_rows_carry_the_kind_of_their_page_also_for_routed_views(commune_a):
    write_batch(
        [
            _view(commune_a, TODAY, "a" * 16, page_id=30, kind="procedure_list", topics=""),
            _view(
                commune_a,
                TODAY,
                "b" * 16,
                page_id=30,
                kind="procedure",
                object_key="1.001",
                topics="",
            ),
            _view(
                commune_a,
                TODAY - datetime.timedelta(1),
                "c" * 16,
                page_id=30,
                kind="procedure",
                object_key="1.002",
                topics="",
            ),
        ]
    )
    rollup_commune(commune_a.id, TODAY)
    kinds = set(
        DailyCount.objects.filter(dimension__in=["page", "object"]).values_list(
            "dimension", "key", "kind"
        )
    )
    assert kinds == {
        ("page", "30", "procedure_list"),
        ("object", "procedure:1.001", "procedure"),
        ("object", "procedure:1.002", "procedure"),
    }
    page_month = MonthlyCount.objects.get(dimension="page", key="30")
    assert (page_month.views, page_month.kind) == (3, "procedure_list")
