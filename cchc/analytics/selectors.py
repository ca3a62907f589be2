"""Read-only figures of a period, from the roll-ups: what the dashboard shows and exports write.

Speed: a period is read as whole months from `MonthlyCount` plus or minus a few days from
`DailyCount` (`split_period`); every dimension is summed in the database in one query per part,
so the number of queries does not grow with the length of the period or the number of pages.
The figures of a dashboard cost about fifteen queries whatever the data.

Visitors: visitor hashes change every day (the salt is discarded), so a visitor count over
several days is a sum of daily distinct visitors ("visitor-days"), never a count of people.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from cchc.analytics.models import (
    Channel,
    DailyCount,
    Device,
    Dimension,
    ExportJob,
    Kind,
    MonthlyCount,
    RollupState,
)
from cchc.analytics.services import raw_cutoff
from cchc.analytics.tagging import KIND_OF_MODEL
from cchc.communes.models import Commune
from cchc.inputs import whole_number

ONE_DAY = datetime.timedelta(days=1)
# A chart of more days than this is drawn per week: 1,000 daily points are unreadable on a phone.
DAILY_CHART_MAX_DAYS = 92
ENGAGED_WEIGHT = 2
SHARE_WEIGHT = 3

# --- Periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included (local dates)."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        return Period(self.start - datetime.timedelta(days=self.days), self.start - ONE_DAY)

    def day_list(self) -> list[datetime.date]:
        return [self.start + datetime.timedelta(days=n) for n in range(self.days)]

    def label(self) -> str:
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    def short(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


DayRange = tuple[datetime.date, datetime.date]


@dataclass
class Plan:
    """How to read a period: + daily rows of `days`, + monthly rows of `months`, − daily rows
    of `minus` (days of those months outside the period)."""

    days: list[DayRange]
    months: list[datetime.date]
    minus: list[DayRange]


def split_period(
    period: Period, today: datetime.date | None = None, *, whole_months: bool = False
) -> Plan:
    """The cheapest way to read a period: whole months from monthly rows, and for each partial
    month either its days in the period, or the month minus its days outside the period,
    whichever reads fewer days. Days after `today` have no rows, so a month that runs to today
    is read whole (the default "last 30 days" reads one monthly row set and a few days).

    `whole_months`: every month touched is read whole, minus its days outside the period (the
    head lists of `top_keys` exist per month only).
    """
    today = today or timezone.localdate()
    plan = Plan([], [], [])
    month = period.start.replace(day=1)
    while month <= period.end:
        following = _next_month(month)
        first, last = max(period.start, month), min(period.end, following - ONE_DAY)
        filled_until = min(following - ONE_DAY, max(today, period.end))
        outside = [(month, first - ONE_DAY), (last + ONE_DAY, filled_until)]
        outside = [(a, b) for a, b in outside if a <= b]
        inside_days = (last - first).days + 1
        outside_days = sum((b - a).days + 1 for a, b in outside)
        if whole_months or outside_days < inside_days:
            plan.months.append(month)
            plan.minus += outside
        else:
            plan.days.append((first, last))
        month = following
    plan.days = _merged(plan.days)
    plan.minus = _merged(plan.minus)
    return plan


def _merged(ranges: list[DayRange]) -> list[DayRange]:
    merged: list[DayRange] = []
    for a, b in ranges:
        if merged and merged[-1][1] + ONE_DAY == a:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


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


@dataclass
class DayTotals:
    day: datetime.date
    site: Counts
    section: Counts


def daily_totals(commune_id: int, period: Period) -> list[DayTotals]:
    """Whole-portal and section totals of every day of the period (zeros included): one query."""
    by_day = {day: DayTotals(day, Counts(), Counts()) for day in period.day_list()}
    rows = DailyCount.objects.filter(
        commune_id=commune_id,
        dimension=Dimension.TOTAL,
        key__in=["site", "section"],
        day__range=(period.start, period.end),
    ).values_list("day", "key", "views", "visitors", "raw")
    for day, key, views, visitors, raw in rows:
        getattr(by_day[day], key).add(views, visitors, raw)
    return list(by_day.values())


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
    from cchc.search.models import SearchQuery

    start, end = _local_bounds(period)
    return SearchQuery.objects.filter(
        commune_id__in=list(commune_ids), created_at__gte=start, created_at__lt=end
    )


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

    recent = Q()
    for cid in ids:
        first = max(period.start, cutoff[cid])
        if first <= period.end:
            start, end = _local_bounds(Period(first, period.end))
            recent |= Q(commune_id=cid, created_at__gte=start, created_at__lt=end)
    if recent:
        from cchc.search.models import SearchQuery

        logged = (
            SearchQuery.objects.filter(recent)
            .values("commune_id")
            .annotate(n=Count("id"), zero=Count("id", filter=Q(result_count=0)))
            .order_by()
            .values_list("commune_id", "n", "zero")
        )
        for cid, n, zero in logged:
            result[cid][0] += n
            result[cid][1] += zero
    return {cid: (n, zero) for cid, (n, zero) in result.items() if n or zero}


# --- Names of keys -----------------------------------------------------------------------------


@dataclass
class PageInfo:
    title: str
    kind: str  # a Kind value, "" for a deleted page
    url: str


def _site_root_url(commune: Commune) -> str:
    from wagtail.models import Site

    from cchc.portal.links import root_url_for

    site = Site.objects.filter(root_page_id=commune.root_page_id).order_by("id").first()
    # With the port of the request being served: the demo's :8000 stays (issue 10).
    return root_url_for(site.root_url) if site else ""


def page_infos(commune: Commune, page_ids: Iterable[int]) -> dict[int, PageInfo]:
    """Titles, kinds and public addresses of pages by id, in one query per 900 ids.

    Only pages of the commune's own tree are named: a key of another tree (impossible unless
    data was tampered with) stays unnamed rather than leaking a title.
    """
    from wagtail.models import Page

    ids = sorted({int(i) for i in page_ids})
    if not ids or commune.root_page_id is None:
        return {}
    root = Page.objects.filter(id=commune.root_page_id).values_list("path", "url_path").first()
    if root is None:
        return {}
    root_path, root_url_path = root
    base = _site_root_url(commune)
    infos: dict[int, PageInfo] = {}
    for i in range(0, len(ids), 900):
        rows = Page.objects.filter(id__in=ids[i : i + 900], path__startswith=root_path)
        for pk, title, url_path, ct_id in rows.values_list(
            "id", "title", "url_path", "content_type_id"
        ):
            content_type = ContentType.objects.get_for_id(ct_id)
            kind = KIND_OF_MODEL.get(f"{content_type.app_label}.{content_type.model}", "other")
            relative = "/" + (url_path or "")[len(root_url_path or "/") :]
            infos[pk] = PageInfo(title, kind, base + relative if base else relative)
    return infos


def deleted_page_label(page_id: int | str) -> str:
    return f"(trang đã xoá #{page_id})"


# --- The figures of a period -------------------------------------------------------------------


@dataclass
class Row:
    """One ranked item (a page, a procedure, a topic, a channel …) with the previous period."""

    key: str
    label: str
    views: int
    visitors: int
    previous_views: int = 0
    url: str = ""
    kind: str = ""


@dataclass
class Interest:
    """Citizens' interest in one article: visitors, engaged readers and shares, with trend."""

    page_id: int
    title: str
    url: str
    visitors: int
    engaged: int
    shares: int
    previous_score: int

    @property
    def score(self) -> int:
        return self.visitors + ENGAGED_WEIGHT * self.engaged + SHARE_WEIGHT * self.shares


@dataclass
class Figures:
    commune: Commune
    period: Period
    previous: Period
    site: Counts
    section: Counts
    previous_site: Counts
    previous_section: Counts
    days: list[DayTotals]
    previous_days: list[DayTotals]
    pages: list[Row]
    articles: list[Row]
    documents: list[Row]
    guides: list[Row]
    procedures: list[Row]
    kinds: list[Row]
    topics: list[Row]  # the nine topics in their order, zeros included
    channels: list[Row]
    devices: list[Row]
    interest: list[Interest]
    searches: list[SearchRow]
    no_result: list[SearchRow]
    search_total: int
    no_result_total: int
    no_result_queries: int  # distinct queries that found nothing
    previous_search_total: int
    previous_no_result_total: int
    final_through: datetime.date | None  # every day up to this one is final
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def provisional_from(self) -> datetime.date | None:
        """The first day of the period whose figures may still change, or None."""
        first_open = (self.final_through + ONE_DAY) if self.final_through else self.period.start
        first_open = min(first_open, self.today)
        return max(first_open, self.period.start) if first_open <= self.period.end else None

    @property
    def top_topic(self) -> Row | None:
        best = max(self.topics, key=lambda r: r.views, default=None)
        return best if best and best.views else None


def _top(rows: list[Row], limit: int | None) -> list[Row]:
    rows = sorted(rows, key=lambda r: (-r.views, -r.visitors, r.label))
    return rows if limit is None else rows[:limit]


def _choice_rows(choices, current: dict[str, Counts], previous: dict[str, Counts]) -> list[Row]:
    return [
        Row(
            key=value,
            label=label,
            views=current.get(value, Counts()).views,
            visitors=current.get(value, Counts()).visitors,
            previous_views=previous.get(value, Counts()).views,
        )
        for value, label in choices
    ]


Progress = Callable[[int], None]

DIMENSIONS = [d.value for d in Dimension]


# Few keys per day: summed whole. Pages, procedures and beacons may be tens of thousands.
SMALL_DIMENSIONS = [
    Dimension.TOTAL,
    Dimension.KIND,
    Dimension.TOPIC,
    Dimension.CHANNEL,
    Dimension.DEVICE,
]
PER_ITEM_DIMENSIONS = [Dimension.PAGE, Dimension.OBJECT, Dimension.ENGAGED, Dimension.SHARE]


def dashboard_rankings(kinds: Iterable[str]) -> list[Ranking]:
    """The dashboard's ranked lists: pages overall and of each of `kinds`, procedures, and the
    interest in articles as `Interest.score` computes it."""
    return [
        (Term(Dimension.PAGE, "", "views"),),
        *[(Term(Dimension.PAGE, kind, "views"),) for kind in kinds],
        (Term(Dimension.OBJECT, Kind.PROCEDURE, "views"),),
        (
            Term(Dimension.PAGE, Kind.ARTICLE, "visitors"),
            Term(Dimension.ENGAGED, Kind.ARTICLE, "visitors", ENGAGED_WEIGHT),
            Term(Dimension.SHARE, Kind.ARTICLE, "visitors", SHARE_WEIGHT),
        ),
    ]


def _sums_of_ranked(
    commune_id: int, period: Period, previous: Period, top: int
) -> tuple[dict[SumKey, Counts], dict[SumKey, Counts]]:
    """The sums the dashboard shows: all of the small dimensions, and of the per-item ones
    only the items that can reach a top-`top` list (overall, per kind, procedures, interest)."""
    rankings = dashboard_rankings([Kind.ARTICLE, Kind.DOCUMENT, Kind.GUIDE])
    keys = top_keys(commune_id, period, rankings, top)
    result = []
    for p in (period, previous):
        counts = sums([commune_id], p, SMALL_DIMENSIONS)
        if keys:
            counts.update(sums([commune_id], p, PER_ITEM_DIMENSIONS, keys=keys))
        result.append(counts)
    return result[0], result[1]


def figures(
    commune: Commune,
    period: Period,
    *,
    top: int | None = 10,
    searches: int | None = 20,
    on_progress: Progress | None = None,
) -> Figures:
    """Everything the dashboard and the exports show for a commune and a period.

    `top`/`searches` limit the ranked lists (None: every item, for the exports); `on_progress`
    is called with a percentage after each step (the export task shows it).
    """
    from cchc.portal.models import Topic
    from cchc.procedures.models import Procedure

    def progress(percent: int) -> None:
        if on_progress is not None:
            on_progress(percent)

    previous = period.previous()
    if top is None:  # exports: every item
        now = sums([commune.id], period, DIMENSIONS)
        before = sums([commune.id], previous, DIMENSIONS)
    else:  # the dashboard: short lists, ranked in the database
        now, before = _sums_of_ranked(commune.id, period, previous, top)
    by_dim: dict[str, dict[str, Counts]] = defaultdict(dict)
    prev_dim: dict[str, dict[str, Counts]] = defaultdict(dict)
    for (_, dimension, key), counts in now.items():
        by_dim[dimension][key] = counts
    for (_, dimension, key), counts in before.items():
        prev_dim[dimension][key] = counts
    progress(20)

    # Both periods are adjacent: one query for their days.
    both = daily_totals(commune.id, Period(previous.start, period.end))
    previous_days, days = both[: previous.days], both[previous.days :]
    progress(35)

    page_counts = by_dim[Dimension.PAGE]
    infos = page_infos(
        commune,
        [k for k in page_counts if whole_number(k) is not None]
        + [k for k in by_dim[Dimension.ENGAGED] if whole_number(k) is not None]
        + [k for k in by_dim[Dimension.SHARE] if whole_number(k) is not None],
    )
    pages = []
    for key, counts in page_counts.items():
        info = infos.get(whole_number(key))
        pages.append(
            Row(
                key=key,
                label=info.title if info else deleted_page_label(key),
                views=counts.views,
                visitors=counts.visitors,
                previous_views=prev_dim[Dimension.PAGE].get(key, Counts()).views,
                url=info.url if info else "",
                kind=info.kind if info else "",
            )
        )
    progress(50)

    object_counts = by_dim[Dimension.OBJECT]
    codes = [k.split(":", 1)[1] for k in object_counts if k.startswith("procedure:")]
    names = dict(
        Procedure.objects.filter(commune=commune, code__in=codes).values_list("code", "name")
    )
    procedures = [
        Row(
            key=code,
            label=f"{names.get(code, '(thủ tục không còn trong danh mục)')} ({code})",
            views=object_counts[f"procedure:{code}"].views,
            visitors=object_counts[f"procedure:{code}"].visitors,
            previous_views=prev_dim[Dimension.OBJECT].get(f"procedure:{code}", Counts()).views,
            kind=Kind.PROCEDURE,
        )
        for code in codes
    ]
    topics = [
        Row(
            key=str(pk),
            label=name,
            views=by_dim[Dimension.TOPIC].get(str(pk), Counts()).views,
            visitors=by_dim[Dimension.TOPIC].get(str(pk), Counts()).visitors,
            previous_views=prev_dim[Dimension.TOPIC].get(str(pk), Counts()).views,
        )
        for pk, name in Topic.objects.order_by("number").values_list("id", "name")
    ]
    progress(65)

    interest = []
    for row in pages:
        if row.kind != Kind.ARTICLE:
            continue
        engaged = by_dim[Dimension.ENGAGED].get(row.key, Counts()).visitors
        # Shares count once per visitor and article per day (the SHARE row's distinct visitors,
        # summed over days): ten taps on "share" by one reader are one share.
        shares = by_dim[Dimension.SHARE].get(row.key, Counts()).visitors
        prev_score = (
            prev_dim[Dimension.PAGE].get(row.key, Counts()).visitors
            + ENGAGED_WEIGHT * prev_dim[Dimension.ENGAGED].get(row.key, Counts()).visitors
            + SHARE_WEIGHT * prev_dim[Dimension.SHARE].get(row.key, Counts()).visitors
        )
        interest.append(
            Interest(int(row.key), row.label, row.url, row.visitors, engaged, shares, prev_score)
        )
    interest.sort(key=lambda i: (-i.score, -i.visitors, i.title))

    searched = top_searches(commune.id, period, limit=searches)
    search_before = search_counts([commune.id], previous).get(commune.id, (0, 0))
    progress(80)

    final_through = (
        RollupState.objects.filter(commune_id=commune.id)
        .values_list("rolled_through", flat=True)
        .first()
    )
    return Figures(
        commune=commune,
        period=period,
        previous=previous,
        site=by_dim[Dimension.TOTAL].get("site", Counts()),
        section=by_dim[Dimension.TOTAL].get("section", Counts()),
        previous_site=prev_dim[Dimension.TOTAL].get("site", Counts()),
        previous_section=prev_dim[Dimension.TOTAL].get("section", Counts()),
        days=days,
        previous_days=previous_days,
        pages=_top(pages, top),
        articles=_top([r for r in pages if r.kind == Kind.ARTICLE], top),
        documents=_top([r for r in pages if r.kind == Kind.DOCUMENT], top),
        guides=_top([r for r in pages if r.kind == Kind.GUIDE], top),
        procedures=_top(procedures, top),
        kinds=_top(
            _choice_rows(Kind.choices, by_dim[Dimension.KIND], prev_dim[Dimension.KIND]), None
        ),
        topics=topics,
        channels=_choice_rows(
            Channel.choices, by_dim[Dimension.CHANNEL], prev_dim[Dimension.CHANNEL]
        ),
        devices=_choice_rows(Device.choices, by_dim[Dimension.DEVICE], prev_dim[Dimension.DEVICE]),
        interest=interest if top is None else interest[:top],
        searches=searched.top,
        no_result=searched.no_result,
        search_total=searched.total,
        no_result_total=searched.no_result_total,
        no_result_queries=searched.no_result_queries,
        previous_search_total=search_before[0],
        previous_no_result_total=search_before[1],
        final_through=final_through,
    )


# --- Chart series ------------------------------------------------------------------------------


@dataclass
class Bucket:
    """One point of the chart: a day, or a week of a long period."""

    label: str  # "05/03" or "05/03–11/03"
    views: int
    visitors: int
    previous_views: int
    previous_visitors: int


def chart_buckets(fig: Figures) -> tuple[str, list[Bucket]]:
    """("ngày" | "tuần", points): per day up to 92 days, else per 7 days from the start.

    Bucket n of the previous period is the same offset from its start, so the lines align.
    """
    step = 1 if fig.period.days <= DAILY_CHART_MAX_DAYS else 7
    buckets = []
    for i in range(0, len(fig.days), step):
        chunk, before = fig.days[i : i + step], fig.previous_days[i : i + step]
        first, last = chunk[0].day, chunk[-1].day
        label = f"{first:%d/%m}" if step == 1 else f"{first:%d/%m}–{last:%d/%m}"
        buckets.append(
            Bucket(
                label=label,
                views=sum(d.section.views for d in chunk),
                visitors=sum(d.section.visitors for d in chunk),
                previous_views=sum(d.section.views for d in before),
                previous_visitors=sum(d.section.visitors for d in before),
            )
        )
    return ("ngày" if step == 1 else "tuần"), buckets


def by_month(days: list[DayTotals]) -> list[tuple[str, Counts, Counts]]:
    """(month "03/2026", section, site) sums of the given days, in order."""
    months: dict[str, tuple[Counts, Counts]] = {}
    for d in days:
        section, site = months.setdefault(f"{d.day:%m/%Y}", (Counts(), Counts()))
        section.add(d.section.views, d.section.visitors, d.section.raw)
        site.add(d.site.views, d.site.visitors, d.site.raw)
    return [(month, section, site) for month, (section, site) in months.items()]


# --- Province comparison -----------------------------------------------------------------------


@dataclass
class CommuneRow:
    commune: Commune
    section: Counts
    site: Counts
    previous_section_views: int
    top_topic: str
    searches: int
    no_result: int


def compare_communes(communes: list[Commune], period: Period) -> list[CommuneRow]:
    """Side by side: section and portal totals, the most-read topic, searches with no result.

    Six queries whatever the number of communes.
    """
    from cchc.portal.models import Topic

    ids = [c.id for c in communes]
    now = sums(ids, period, [Dimension.TOTAL, Dimension.TOPIC])
    before = sums(ids, period.previous(), [Dimension.TOTAL])
    topic_names = dict(Topic.objects.values_list("id", "name"))
    best: dict[int, tuple[int, str]] = {}
    for (commune_id, dimension, key), counts in now.items():
        if dimension != Dimension.TOPIC or not counts.views:
            continue
        name = topic_names.get(whole_number(key), "")
        if (counts.views, name) > best.get(commune_id, (0, "")):
            best[commune_id] = (counts.views, name)
    searched = search_counts(ids, period)
    rows = [
        CommuneRow(
            commune=c,
            section=now.get((c.id, Dimension.TOTAL, "section"), Counts()),
            site=now.get((c.id, Dimension.TOTAL, "site"), Counts()),
            previous_section_views=before.get((c.id, Dimension.TOTAL, "section"), Counts()).views,
            top_topic=best.get(c.id, (0, ""))[1],
            searches=searched.get(c.id, (0, 0))[0],
            no_result=searched.get(c.id, (0, 0))[1],
        )
        for c in communes
    ]
    rows.sort(key=lambda r: (-r.section.views, r.commune.name))
    return rows


def recent_exports(commune: Commune, limit: int = 10) -> list[ExportJob]:
    """The audit trail the dashboard shows: the commune's latest exports."""
    return list(ExportJob.objects.filter(commune=commune).order_by("-created_at", "-id")[:limit])
