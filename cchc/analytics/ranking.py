"""Sums and rankings of the roll-ups over a period: the counts behind every dashboard list.

`sums` adds up the monthly and daily rows of a period (read as `split_period` plans it) per
commune, dimension and key, in one query per part. `ranked_keys` ranks the keys of a period
in SQL, and `top_keys` finds the few best keys of each ranking (`Term`s weighting views or
visitors of a dimension) cheaply with a threshold algorithm over the per-month head lists,
falling back to `ranked_keys` when the heads cannot prove the answer.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Sum

from cchc.analytics.models import DailyCount, MonthlyCount
from cchc.analytics.periods import Period, Plan, split_period

# --- Sums of the roll-ups ----------------------------------------------------------------------


@dataclass
class Counts:
    views: int = 0
    visitors: int = 0
    raw: int = 0

    @property
    def reloads(self) -> int:
        """Views recorded but not counted: the same visitor on the same page within 30 min."""
        return max(0, self.raw - self.views)

    def add(self, views: int, visitors: int, raw: int) -> None:
        self.views += views
        self.visitors += visitors
        self.raw += raw


SumKey = tuple[int, str, str]  # (commune id, dimension, key)


def sums(
    commune_ids: Iterable[int],
    period: Period,
    dimensions: Iterable[str],
    *,
    today: datetime.date | None = None,
    keys: Iterable[str] | None = None,
) -> dict[SumKey, Counts]:
    """Counts per (commune, dimension, key) over the period: one query for the months, one per
    range of loose days (at most four: a partial month at each end, read directly or as the
    month minus its outside days).

    `keys` narrows the sums to those keys (the few ranked items of a long list).
    """
    ids, dims = list(commune_ids), list(dimensions)
    only = None if keys is None else sorted(set(keys))
    result: dict[SumKey, Counts] = defaultdict(Counts)
    plan = split_period(period, today)
    fields = ("commune_id", "dimension", "key")
    queries = []
    # One query per range of days: a range is a seek in the (commune, dimension, day) indexes,
    # where several ranges joined by OR made SQLite read every day of the dimension.
    for sign, ranges in ((1, plan.days), (-1, plan.minus)):
        for first, last in ranges:
            daily = DailyCount.objects.filter(commune_id__in=ids, day__range=(first, last))
            queries.append((sign, daily.filter(dimension__in=dims)))
    if plan.months:
        monthly = MonthlyCount.objects.filter(commune_id__in=ids, month__in=plan.months)
        queries.append((1, monthly.filter(dimension__in=dims)))
    for sign, queryset in queries:
        if only is not None:
            queryset = queryset.filter(key__in=only)
        grouped = (
            queryset.values(*fields)
            .annotate(v=Sum("views"), u=Sum("visitors"), r=Sum("raw"))
            .order_by()
            .values_list(*fields, "v", "u", "r")
        )
        for commune_id, dimension, key, views, visitors, raw in grouped:
            result[(commune_id, dimension, key)].add(sign * views, sign * visitors, sign * raw)
    # A key seen only outside the period (in a month read whole) sums to nothing; a month row
    # briefly older than its days (a roll-up in progress) must not show a negative count.
    clean = {}
    for k, c in result.items():
        if c.views > 0 or c.visitors > 0 or c.raw > 0:
            clean[k] = Counts(max(0, c.views), max(0, c.visitors), max(0, c.raw))
    return clean


def _plan_union(commune_id: int, plan: Plan, parts: list[tuple[str, str, str]]) -> tuple[str, list]:
    """SQL of signed (key, kind, score) rows of a period read by `plan`, for ranking in SQL.

    `parts` are (dimension, kind or "", score expression over views/visitors). Table and
    column names and the expressions are ours; every value is a parameter.
    """
    adapt = connection.ops.adapt_datefield_value
    selects: list[str] = []
    params: list = []
    for dimension, kind, expr in parts:
        where = "commune_id = %s AND dimension = %s" + (" AND kind = %s" if kind else "")
        base = [commune_id, dimension] + ([kind] if kind else [])
        for first, last in plan.days:
            selects.append(
                f"SELECT key, kind, {expr} AS score FROM analytics_dailycount "  # noqa: S608
                f"WHERE {where} AND day BETWEEN %s AND %s"
            )
            params += [*base, adapt(first), adapt(last)]
        if plan.months:
            marks = ", ".join(["%s"] * len(plan.months))
            selects.append(
                f"SELECT key, kind, {expr} AS score FROM analytics_monthlycount "  # noqa: S608
                f"WHERE {where} AND month IN ({marks})"
            )
            params += [*base, *(adapt(m) for m in plan.months)]
        for first, last in plan.minus:
            selects.append(
                f"SELECT key, kind, -({expr}) AS score FROM analytics_dailycount "  # noqa: S608
                f"WHERE {where} AND day BETWEEN %s AND %s"
            )
            params += [*base, adapt(first), adapt(last)]
    return " UNION ALL ".join(selects), params


def ranked_keys(
    commune_id: int,
    period: Period,
    parts: list[tuple[str, str, str]],
    limit: int,
    *,
    today: datetime.date | None = None,
) -> list[str]:
    """The `limit` keys with the highest summed score over the period, best first.

    The dashboard needs the top ten of lists that may hold tens of thousands of pages or
    procedures: ranking them in the database reads each roll-up row once and returns ten,
    instead of carrying every row into Python.
    """
    union, params = _plan_union(commune_id, split_period(period, today), parts)
    if not union:
        return []
    sql = (
        f"SELECT key, SUM(score) AS total FROM ({union}) AS t "  # noqa: S608
        "GROUP BY key HAVING SUM(score) > 0 ORDER BY total DESC, key LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [key for key, _ in cursor.fetchall()]


# --- Top lists by thresholds ------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One part of a ranking's score: `weight` × the `column` of `dimension` rows of `kind`."""

    dimension: str
    kind: str  # "" for rows of any kind
    column: str  # "views" or "visitors"
    weight: int = 1

    @property
    def head(self) -> tuple[str, str, str]:
        """The head list this term reads: the same for every weight."""
        return (self.dimension, self.kind, self.column)


Ranking = tuple[Term, ...]
# How deep each head list reads, per key ranked: 3 × 10 = 30 rows of each month and list.
HEAD_DEPTH_FACTOR = 3

_HEAD_INDEX_COLUMNS = {"views", "visitors"}


def _head_sql_of_months(
    commune_id: int, months: list[datetime.date], heads: list[tuple[str, str, str]], depth: int
) -> tuple[str, list]:
    """One statement of `depth`-row head lists: each month's keys of each head, best first.

    Each list is a short backward scan of a `monthly_top_*` index, so a year costs about
    12 × heads × depth rows instead of every row of the year.
    """
    adapt = connection.ops.adapt_datefield_value
    selects, params = [], []
    for m, month in enumerate(months):
        for h, (dimension, kind, column) in enumerate(heads):
            if column not in _HEAD_INDEX_COLUMNS:  # a column name, never a value
                raise ValueError(f"not a ranked column: {column!r}")
            where = "commune_id = %s AND dimension = %s AND month = %s"
            where_params = [commune_id, dimension, adapt(month)]
            if kind:
                where += " AND kind = %s"
                where_params.append(kind)
            selects.append(
                f"SELECT * FROM (SELECT {m} AS part, {h} AS head, key, kind, "  # noqa: S608
                f"{column} AS value FROM analytics_monthlycount WHERE {where} "
                f"ORDER BY {column} DESC LIMIT %s) AS l{m}_{h}"
            )
            params += [*where_params, depth]
    return " UNION ALL ".join(selects), params


def top_keys(
    commune_id: int,
    period: Period,
    rankings: list[Ranking],
    limit: int,
    *,
    today: datetime.date | None = None,
    depth: int | None = None,
) -> set[str]:
    """The `limit` best keys of each ranking over the period, exactly, reading little.

    A threshold algorithm (Fagin's): every month the period touches gives the head of each
    list, read from an index; the keys seen there are the candidates, summed exactly over the
    period. A key seen in no head is worth at most the sum of the heads' last values (the
    bound): a month's days outside the period only lower a total. If the `limit`-th candidate
    beats the bound, no other key can enter the list; otherwise (a short or flat period) that
    ranking is computed over every row by `ranked_keys`. Ties order by key, as there.
    """
    depth = depth or limit * HEAD_DEPTH_FACTOR
    plan = split_period(period, today, whole_months=True)
    heads = sorted({t.head for ranking in rankings for t in ranking})
    head_index = {head: i for i, head in enumerate(heads)}
    # (month, head) → rows, best first; a list shorter than `depth` holds every key of its month.
    lists: dict[tuple[int, int], list[tuple[str, str, int]]] = defaultdict(list)
    if plan.months:
        sql, params = _head_sql_of_months(commune_id, plan.months, heads, depth)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for part, head, key, kind, value in cursor.fetchall():
                lists[(part, head)].append((key, kind, value))
    kind_of: dict[str, str] = {}
    bound_of_head = [0] * len(heads)
    for (_, head), rows in lists.items():
        for key, kind, _ in rows:
            kind_of[key] = kind
        if len(rows) >= depth:
            bound_of_head[head] += min(value for _, _, value in rows)
    if not kind_of:
        return set()
    dimensions = sorted({t.dimension for ranking in rankings for t in ranking})
    exact = sums([commune_id], period, dimensions, today=today, keys=kind_of)

    chosen: set[str] = set()
    for ranking in rankings:
        bound = sum(t.weight * bound_of_head[head_index[t.head]] for t in ranking)
        scored = []
        for key, kind in kind_of.items():
            score = sum(
                t.weight * getattr(exact.get((commune_id, t.dimension, key), Counts()), t.column)
                for t in ranking
                if not t.kind or t.kind == kind
            )
            if score > 0:
                scored.append((-score, key))
        scored.sort()
        best = scored[:limit]
        proven = best[-1][0] * -1 > bound if len(best) == limit else bound == 0
        if proven:
            chosen.update(key for _, key in best)
        else:  # the heads were too short to decide: rank this list over every row
            parts = [(t.dimension, t.kind, f"{t.weight} * {t.column}") for t in ranking]
            chosen.update(ranked_keys(commune_id, period, parts, limit, today=today))
    return chosen
