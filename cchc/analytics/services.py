"""Roll-ups of view events: daily rows per key, monthly sums, pruning of raw events.

Every function here is idempotent: a day's rows are deleted and recomputed from the events of
that day in one transaction, so re-running gives the same numbers, and a run interrupted
half-way resumes from `RollupState.rolled_through`. Only complete days (before today) move
`rolled_through`; today is rolled up too (for a fresh dashboard) but stays open.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone

from cchc.analytics.models import (
    DailyCount,
    Dimension,
    EngagementEvent,
    LastSeen,
    MonthlyCount,
    RollupState,
    ViewEvent,
)
from cchc.analytics.recorder import dedupe_window, local_zone
from cchc.analytics.visitors import forget_salts_before
from cchc.inputs import whole_number
from cchc.search import querylog
from cchc.search import selectors as search_selectors

# A read counts as engaged from this many seconds on the page, or this scroll depth.
ENGAGED_SECONDS = 30
ENGAGED_DEPTH = 75


def _keys_of(
    page_id: int | None,
    kind: str,
    object_key: str,
    in_section: bool,
    topics: str,
    channel: str,
    device: str,
) -> list[tuple[str, str]]:
    keys = [(Dimension.TOTAL, "site")]
    if not in_section:
        return keys
    keys += [
        (Dimension.TOTAL, "section"),
        (Dimension.KIND, kind),
        (Dimension.CHANNEL, channel),
        (Dimension.DEVICE, device),
    ]
    if page_id:
        keys.append((Dimension.PAGE, str(page_id)))
    if object_key:
        keys.append((Dimension.OBJECT, f"{kind}:{object_key}"))
    keys += [(Dimension.TOPIC, t) for t in topics.split(",") if t]
    return keys


def daily_rows(commune_id: int, day: datetime.date) -> list[DailyCount]:
    """The roll-up rows of one day, computed from its raw events (not saved)."""
    views: dict[tuple[str, str], int] = defaultdict(int)
    raw: dict[tuple[str, str], int] = defaultdict(int)
    visitors: dict[tuple[str, str], set[str]] = defaultdict(set)
    kind_of_page: dict[str, str] = {}
    events = ViewEvent.objects.filter(commune_id=commune_id, day=day).values_list(
        "page_id",
        "kind",
        "object_key",
        "in_section",
        "topics",
        "channel",
        "device",
        "visitor",
        "counted",
        "hits",
    )
    for (
        page_id,
        kind,
        object_key,
        in_section,
        topics,
        channel,
        device,
        visitor,
        counted,
        hits,
    ) in events.iterator(chunk_size=5000):
        if page_id:
            # A routed view (one procedure, a topic) is shown by its list page.
            kind_of_page[str(page_id)] = _PAGE_KIND_OF_ROUTE.get(kind, kind)
        for key in _keys_of(page_id, kind, object_key, in_section, topics, channel, device):
            raw[key] += hits
            if counted:
                views[key] += 1
                visitors[key].add(visitor)
    beacons = EngagementEvent.objects.filter(commune_id=commune_id, day=day).values_list(
        "page_id", "type", "seconds", "depth", "visitor"
    )
    for page_id, type_, seconds, depth, visitor in beacons.iterator(chunk_size=5000):
        if type_ == EngagementEvent.Type.SHARE:
            key = (Dimension.SHARE, str(page_id))
        elif seconds >= ENGAGED_SECONDS or depth >= ENGAGED_DEPTH:
            key = (Dimension.ENGAGED, str(page_id))
        else:
            continue
        raw[key] += 1
        views[key] += 1
        visitors[key].add(visitor)
    start, end = local_day_bounds(day)
    searches = search_selectors.logged_between([commune_id], start, end).values_list(
        "result_count", "visitor"
    )
    for result_count, visitor in searches.iterator(chunk_size=5000):
        for key in SEARCH_KEYS if result_count == 0 else SEARCH_KEYS[:1]:
            raw[key] += 1
            views[key] += 1
            if visitor:
                visitors[key].add(visitor)
    per_page = (Dimension.PAGE, Dimension.ENGAGED, Dimension.SHARE)
    missing = {k for d, k in raw if d in per_page and k not in kind_of_page}
    kind_of_page.update(_kinds_of_pages(missing))
    return [
        DailyCount(
            commune_id=commune_id,
            day=day,
            dimension=dimension,
            key=key,
            views=views.get((dimension, key), 0),
            visitors=len(visitors.get((dimension, key), ())),
            raw=count,
            kind=_row_kind(dimension, key, kind_of_page),
        )
        for (dimension, key), count in raw.items()
    ]


SEARCH_KEYS = ((Dimension.SEARCH, "all"), (Dimension.SEARCH, "none"))


def local_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The instants a local day (Asia/Ho_Chi_Minh) starts and the next one starts."""
    zone = local_zone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


_PAGE_KIND_OF_ROUTE = {"procedure": "procedure_list", "topic": "section"}


def _row_kind(dimension: str, key: str, kind_of_page: dict[str, str]) -> str:
    if dimension in (Dimension.PAGE, Dimension.ENGAGED, Dimension.SHARE):
        return kind_of_page.get(key, "")
    if dimension == Dimension.OBJECT:
        return key.split(":", 1)[0]  # "procedure:1.001193" → procedure
    return ""


def _kinds_of_pages(page_ids: set[str]) -> dict[str, str]:
    """Kinds of pages that had beacons but no view that day (rare), from their page type."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from cchc.pages.viewtag import kind_of

    ids = [n for n in map(whole_number, page_ids) if n is not None]
    kinds = {}
    for pk, ct_id in Page.objects.filter(id__in=ids).values_list("id", "content_type_id"):
        ct = ContentType.objects.get_for_id(ct_id)
        kinds[str(pk)] = kind_of(ct.app_label, ct.model)
    return kinds


@transaction.atomic
def rollup_day(commune_id: int, day: datetime.date) -> int:
    """Recompute one commune's rows of one day. Returns the number of rows."""
    rows = daily_rows(commune_id, day)
    DailyCount.objects.filter(commune_id=commune_id, day=day).delete()
    DailyCount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def rollup_month(commune_id: int, month: datetime.date) -> int:
    """Recompute one month's sums from its daily rows."""
    month = month.replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    sums = (
        DailyCount.objects.filter(commune_id=commune_id, day__gte=month, day__lt=following)
        .values("dimension", "key")
        .annotate(v=Sum("views"), u=Sum("visitors"), r=Sum("raw"), k=Max("kind"))
    )
    rows = [
        MonthlyCount(
            commune_id=commune_id,
            month=month,
            dimension=s["dimension"],
            key=s["key"],
            views=s["v"],
            visitors=s["u"],
            raw=s["r"],
            kind=s["k"],
        )
        for s in sums
    ]
    MonthlyCount.objects.filter(commune_id=commune_id, month=month).delete()
    MonthlyCount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _days(start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def rollup_commune(commune_id: int, today: datetime.date | None = None) -> int:
    """Roll up every day not yet final, then today (provisional). Returns days processed."""
    today = today or timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    state, _ = RollupState.objects.get_or_create(commune_id=commune_id)
    if state.rolled_through is not None:
        start = state.rolled_through + datetime.timedelta(days=1)
    else:
        first = ViewEvent.objects.filter(commune_id=commune_id).aggregate(d=Min("day"))["d"]
        first_beacon = EngagementEvent.objects.filter(commune_id=commune_id).aggregate(
            d=Min("day")
        )["d"]
        first_search = search_selectors.first_logged_at(commune_id)
        if first_search is not None:
            first_search = first_search.astimezone(local_zone()).date()
        candidates = [d for d in (first, first_beacon, first_search) if d is not None]
        start = min(candidates) if candidates else today
    processed = 0
    for day in _days(start, yesterday):
        with transaction.atomic():
            rollup_day(commune_id, day)
            # A month is re-summed in the same transaction that makes its last day final (or
            # the last day of this run), so an interrupted run never leaves stale month sums.
            if day == yesterday or (day + datetime.timedelta(days=1)).day == 1:
                rollup_month(commune_id, day)
            RollupState.objects.filter(commune_id=commune_id).update(rolled_through=day)
        processed += 1
    with transaction.atomic():
        rollup_day(commune_id, today)
        rollup_month(commune_id, today)
    processed += 1
    if start > yesterday and state.rolled_through is None:
        RollupState.objects.filter(commune_id=commune_id).update(rolled_through=yesterday)
    return processed


def raw_retention_days() -> int:
    return max(2, int(getattr(settings, "CCHC_ANALYTICS_RAW_DAYS", 90)))


def raw_cutoff(rolled_through: datetime.date | None, today: datetime.date) -> datetime.date:
    """The first day whose raw events and searches are still kept (prune deletes before it):
    the retention window, but never a day the roll-up has not made final."""
    limit = today - datetime.timedelta(days=raw_retention_days())
    if rolled_through is None:
        return datetime.date.min
    return min(limit, rolled_through + datetime.timedelta(days=1))


def prune(today: datetime.date | None = None) -> dict[str, int]:
    """Delete raw events and searches past the window (only of final days, which the roll-up
    has counted), old dedupe marks and salts."""
    today = today or timezone.localdate()
    deleted = {"views": 0, "beacons": 0, "searches": 0}
    for state in RollupState.objects.exclude(rolled_through=None):
        cutoff = raw_cutoff(state.rolled_through, today)
        deleted["views"] += ViewEvent.objects.filter(
            commune_id=state.commune_id, day__lt=cutoff
        ).delete()[0]
        deleted["beacons"] += EngagementEvent.objects.filter(
            commune_id=state.commune_id, day__lt=cutoff
        ).delete()[0]
        # Searches keep the words people typed (names among them): the same window.
        deleted["searches"] += querylog.forget_before(state.commune_id, local_day_bounds(cutoff)[0])
    deleted["last_seen"] = LastSeen.objects.filter(
        at__lt=timezone.now() - 2 * dedupe_window()
    ).delete()[0]
    deleted["salts"] = forget_salts_before(today)
    return deleted


def rollup_all(today: datetime.date | None = None) -> dict[str, int]:
    from cchc.communes.models import Commune

    today = today or timezone.localdate()
    days = 0
    for commune_id in Commune.objects.values_list("id", flat=True):
        days += rollup_commune(commune_id, today)
    result = prune(today)
    result["days"] = days
    return result
