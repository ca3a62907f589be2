"""Figures of the search log over a period: the most typed queries and the search totals.

`top_searches` lists the queries of a period, only those typed by at least
`SEARCH_MIN_VISITORS` different visitors (a name typed by one person must never show), and
those that found nothing; `search_counts` gives the number of searches per commune, reading
the roll-ups for the days whose log has been pruned and the log for the later days.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from cchc.analytics.models import DailyCount, Dimension, RollupState
from cchc.analytics.periods import ONE_DAY, Period
from cchc.analytics.services import raw_cutoff
from cchc.search import selectors as search_selectors

# --- Search log --------------------------------------------------------------------------------

# A query is listed (dashboard, exports) only when at least this many different visitors typed
# it in the period: people type names ("nguyen van …") and a name typed by one person must
# never show. Visitors are daily hashes, so one person on three days counts three times: the
# threshold hides a query typed once, not a person's every search (docs/decisions/0008).
SEARCH_MIN_VISITORS = 3


def _local_bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(period.start, datetime.time.min)
    end = datetime.datetime.combine(period.end + ONE_DAY, datetime.time.min)
    return timezone.make_aware(start), timezone.make_aware(end)


def _searches(commune_ids: Iterable[int], period: Period):
    return search_selectors.logged_between(commune_ids, *_local_bounds(period))


@dataclass
class SearchRow:
    text: str
    count: int
    results: int  # the most results this query found in the period


@dataclass
class Searches:
    top: list[SearchRow]  # the most frequent queries (typed by enough different visitors)
    no_result: list[SearchRow]  # the most frequent of those that found nothing
    total: int  # searches
    no_result_total: int  # searches that found nothing
    no_result_queries: int  # distinct queries that found nothing (listed or not)


def top_searches(commune_id: int, period: Period, *, limit: int | None = 20) -> Searches:
    """The search log of a period: ranked queries, and those that found nothing.

    One query: every distinct query of the period with its count, no-result count and number
    of different visitors, ranked here. Only queries of at least SEARCH_MIN_VISITORS visitors
    are listed; the totals count every search (from the roll-ups where the log is pruned).
    """
    grouped = (
        _searches([commune_id], period)
        .values("text")
        .annotate(
            n=Count("id"),
            zero=Count("id", filter=Q(result_count=0)),
            best=Max("result_count"),
            people=Count("visitor", distinct=True, filter=~Q(visitor="")),
        )
        .order_by()
        .values_list("text", "n", "zero", "best", "people")
    )
    rows = list(grouped)
    distinct_missing = sum(1 for r in rows if r[2])
    shown = [r for r in rows if r[4] >= SEARCH_MIN_VISITORS]
    top = sorted(shown, key=lambda r: (-r[1], r[0]))
    missing = sorted((r for r in shown if r[2]), key=lambda r: (-r[2], r[0]))
    if limit is not None:
        top, missing = top[:limit], missing[:limit]
    total, zero_total = search_counts([commune_id], period).get(commune_id, (0, 0))
    return Searches(
        top=[SearchRow(text, n, best) for text, n, _, best, _ in top],
        no_result=[SearchRow(text, zero, 0) for text, _, zero, _, _ in missing],
        total=total,
        no_result_total=zero_total,
        no_result_queries=distinct_missing,
    )


def search_counts(commune_ids: Iterable[int], period: Period) -> dict[int, tuple[int, int]]:
    """(searches, searches with no result) per commune: two queries and the roll-up states.

    The log itself keeps only the last CCHC_ANALYTICS_RAW_DAYS days (services.prune): days
    before a commune's `raw_cutoff` are read from their SEARCH roll-up rows, later days from
    the log, so the totals of any period stay whole.
    """
    ids = list(commune_ids)
    today = timezone.localdate()
    rolled = dict(
        RollupState.objects.filter(commune_id__in=ids).values_list("commune_id", "rolled_through")
    )
    cutoff = {cid: raw_cutoff(rolled.get(cid), today) for cid in ids}
    result: dict[int, list[int]] = {cid: [0, 0] for cid in ids}

    old = [cid for cid in ids if cutoff[cid] > period.start]
    if old:
        ranges = Q()
        for cid in old:
            last = min(period.end, cutoff[cid] - ONE_DAY)
            ranges |= Q(commune_id=cid, day__range=(period.start, last))
        rows = (
            DailyCount.objects.filter(ranges, dimension=Dimension.SEARCH)
            .values("commune_id", "key")
            .annotate(v=Sum("views"))
            .order_by()
            .values_list("commune_id", "key", "v")
        )
        for cid, key, views in rows:
            result[cid][0 if key == "all" else 1] += views or 0

    recent: dict[int, tuple[datetime.datetime, datetime.datetime]] = {}
    for cid in ids:
        first = max(period.start, cutoff[cid])
        if first <= period.end:
            recent[cid] = _local_bounds(Period(first, period.end))
    for cid, (n, zero) in search_selectors.logged_counts(recent).items():
        result[cid][0] += n
        result[cid][1] += zero
    return {cid: (n, zero) for cid, (n, zero) in result.items() if n or zero}
