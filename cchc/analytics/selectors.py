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
from django.utils import timezone

from cchc.analytics.daily import DayTotals, daily_totals
from cchc.analytics.models import (
    Channel,
    Device,
    Dimension,
    ExportJob,
    Kind,
    RollupState,
)
from cchc.analytics.periods import ONE_DAY, Period
from cchc.analytics.ranking import Counts, Ranking, SumKey, Term, sums, top_keys
from cchc.analytics.search_figures import SearchRow, search_counts, top_searches
from cchc.communes.models import Commune
from cchc.inputs import whole_number
from cchc.pages.viewtag import kind_of

ENGAGED_WEIGHT = 2
SHARE_WEIGHT = 3


# --- Names of keys -----------------------------------------------------------------------------


@dataclass
class PageInfo:
    title: str
    kind: str  # a Kind value, "" for a deleted page
    url: str


def _site_root_url(commune: Commune) -> str:
    from wagtail.models import Site

    from cchc.pages.links import root_url_for

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
            kind = kind_of(content_type.app_label, content_type.model)
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


def recent_exports(commune: Commune, limit: int = 10) -> list[ExportJob]:
    """The audit trail the dashboard shows: the commune's latest exports."""
    return list(ExportJob.objects.filter(commune=commune).order_by("-created_at", "-id")[:limit])


def page_views(commune: Commune, page_ids: Iterable[int], period: Period) -> Counts:
    """Views and visitor-days of some pages of a commune over a period (a unit's articles, for
    its periodic report): one query per part of the period, whatever the number of pages."""
    keys = [str(pk) for pk in page_ids]
    total = Counts()
    if not keys:
        return total
    for counts in sums([commune.id], period, [Dimension.PAGE], keys=keys).values():
        total.add(counts.views, counts.visitors, counts.raw)
    return total
