"""Visit-statistics measurements for `make bench`, run in the bench database by bench/run.py.

Usage (DATABASE_URL → var/bench/db.sqlite3, DJANGO_SETTINGS_MODULE=bench.settings):
  python bench/analytics.py year DAYS PER_DAY   a year of view events through write_batch in
                                                large batches, its searches and beacons, then
                                                the roll-up (timed) and the prune of raw events
  python bench/analytics.py record N            N view events through Recorder.add and its
                                                flushes of one second's worth: events/s
  python bench/analytics.py dashboard ROUNDS FIRST LAST
                                                the staff dashboard for a coordinator, ROUNDS
                                                renders of the period FIRST..LAST (ISO dates)
Each prints one line of JSON for bench/run.py.

The year is generated directly as PendingViews (no HttpRequest per view: 1.8 M requests would
take minutes); visitor hashes are random 64-bit values per visitor and day, which is what the
daily-salted hashes are to the roll-ups. Pages, kinds, topics and section membership are those
of the bench commune's pages, tagged as cchc.pages.viewtag tags their responses.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402

from cchc.analytics.models import (  # noqa: E402
    DailyCount,
    EngagementEvent,
    LastSeen,
    MonthlyCount,
    RollupState,
    ViewEvent,
)
from cchc.analytics.recorder import PendingView, Recorder, local_zone, write_batch  # noqa: E402
from cchc.analytics.services import prune, rollup_commune  # noqa: E402
from cchc.communes.models import Commune  # noqa: E402
from cchc.communes.services import membership_grant  # noqa: E402
from cchc.demo.traffic_calendar import HOUR_WEIGHTS  # noqa: E402  (office hours, evenings)
from cchc.pages.viewtag import SECTION_SEGMENT, kind_of  # noqa: E402
from cchc.portal.models import ArticlePage, Topic  # noqa: E402
from cchc.procedures.models import Procedure  # noqa: E402
from cchc.search.models import SearchQuery  # noqa: E402

HOSTNAME = "bench.localhost"
COORDINATOR = "bench-dieuphoi"
BATCH = 50_000  # views per write_batch while generating the year
FLUSH = 5_000  # views per flush in `record`: one second's worth at the aim of 5,000/s

CHANNELS = ("zalo", "facebook", "search", "direct", "youtube", "other")
CHANNEL_WEIGHTS = list(itertools.accumulate((30, 19, 24, 17, 2, 8)))
DEVICES = ("mobile", "desktop", "tablet")
DEVICE_WEIGHTS = list(itertools.accumulate((74, 21, 5)))
# Kinds of page and their share of views; inside a kind, pages by a Zipf law (a few are read a
# lot, most rarely), as on a real portal.
KIND_SHARE = {
    "procedure": 33, "article": 28, "section": 10, "home": 8, "procedure_list": 6, "topic": 3,
    "article_index": 3, "guide_index": 2, "document_index": 2, "hotline": 2, "media_index": 1,
    "other": 2,
}  # fmt: skip
RELOADS = 0.1
SEARCHES_PER_VIEW = 0.03
BEACONS_PER_ARTICLE_VIEW = 0.25
QUERIES = [
    ("dang ky khai sinh", 0),
    ("khai sinh", 0),
    ("dang ky ket hon", 0),
    ("chung thuc", 0),
    ("dang ky thuong tru", 0),
    ("cap the can cuoc", 0),
    ("thanh toan truc tuyen", 0),
    ("lich tiem chung", 1),
    ("lich cup dien", 1),
    ("khai sing", 1),
    ("bao lu", 1),
]  # fmt: skip  (text, 1 when it finds nothing)


@dataclass(frozen=True)
class Tagged:
    page_id: int | None
    kind: str
    object_key: str
    topics: str
    in_section: bool


def _commune() -> Commune:
    return Commune.objects.get(root_page__sites_rooted_here__hostname=HOSTNAME)


def _targets(commune: Commune) -> tuple[list[Tagged], list[float]]:
    """Every page of the commune tagged as its response would be, with cumulative weights."""
    root = commune.root_page
    topics_of: dict[int, list[str]] = {}
    for page_id, topic_id in ArticlePage.topics.through.objects.values_list(
        "articlepage_id", "topic_id"
    ):
        topics_of.setdefault(page_id, []).append(str(topic_id))
    by_kind: dict[str, list[Tagged]] = {}
    section_id = procedures_id = None
    pages = (
        Page.objects.descendant_of(root, inclusive=True)
        .live()
        .order_by("-first_published_at", "path")
        .values_list("id", "url_path", "content_type__app_label", "content_type__model")
    )
    for page_id, url_path, app, model in pages:
        kind = kind_of(app, model)
        in_section = SECTION_SEGMENT in (url_path or "") or kind == "section"
        topics = ",".join(topics_of.get(page_id, [])) if kind == "article" else ""
        by_kind.setdefault(kind, []).append(Tagged(page_id, kind, "", topics, in_section))
        if kind == "section":
            section_id = page_id
        elif kind == "procedure_list":
            procedures_id = page_id
    if section_id:
        by_kind["topic"] = [
            Tagged(section_id, "topic", slug, str(pk), True)
            for pk, slug in Topic.objects.values_list("pk", "slug")
        ]
    if procedures_id:
        codes = Procedure.objects.filter(commune=commune).order_by("id")
        codes = codes.values_list("code", flat=True)
        by_kind["procedure"] = [Tagged(procedures_id, "procedure", c, "", True) for c in codes]
    targets, weights, total = [], [], 0.0
    for kind, share in KIND_SHARE.items():
        members = by_kind.get(kind, [])
        zipf = [1 / (rank + 3) for rank in range(len(members))]
        norm = sum(zipf)
        for target, w in zip(members, zipf, strict=True):
            total += share * w / norm
            targets.append(target)
            weights.append(total)
    return targets, weights


def _views_of_day(
    rng: random.Random,
    commune_id: int,
    day: dt.date,
    count: int,
    targets: list[Tagged],
    weights: list[float],
    start: dt.datetime | None = None,
    span_seconds: int = 86_400,
) -> list[PendingView]:
    """About `count` views of one day: sessions of 1-5 pages, ~10 % reloads."""
    start = start or dt.datetime.combine(day, dt.time(0), tzinfo=local_zone())
    visitors = [f"{rng.getrandbits(64):016x}" for _ in range(max(1, count // 3))]
    top = weights[-1]
    views: list[PendingView] = []
    while len(views) < count:
        if rng.random() < 0.4:  # the regulars: a few visitors come back several times a day
            visitor = visitors[min(int(rng.paretovariate(1.2)) - 1, len(visitors) - 1)]
        else:
            visitor = rng.choice(visitors)
        if span_seconds == 86_400:
            hour = bisect.bisect(HOUR_WEIGHTS, rng.random() * HOUR_WEIGHTS[-1])
            at = start + dt.timedelta(hours=hour, seconds=rng.randint(0, 3599))
        else:
            at = start + dt.timedelta(seconds=rng.random() * span_seconds)
        channel = CHANNELS[bisect.bisect(CHANNEL_WEIGHTS, rng.random() * CHANNEL_WEIGHTS[-1])]
        device = DEVICES[bisect.bisect(DEVICE_WEIGHTS, rng.random() * DEVICE_WEIGHTS[-1])]
        for page in range(rng.choice((1, 1, 2, 2, 3, 4, 5))):
            target = targets[bisect.bisect(weights, rng.random() * top)]
            view = PendingView(
                commune_id=commune_id,
                at=at,
                day=day,
                page_id=target.page_id,
                kind=target.kind,
                object_key=target.object_key,
                in_section=target.in_section,
                topics=target.topics,
                channel=channel if page == 0 else "internal",
                device=device,
                visitor=visitor,
            )
            views.append(view)
            if rng.random() < RELOADS:
                views.append(_replace_at(view, at + dt.timedelta(seconds=rng.randint(3, 900))))
            at += dt.timedelta(seconds=rng.randint(10, 200))
    return views


def _replace_at(view: PendingView, at: dt.datetime) -> PendingView:
    return PendingView(
        view.commune_id,
        at,
        view.day,
        view.page_id,
        view.kind,
        view.object_key,
        view.in_section,
        view.topics,
        view.channel,
        view.device,
        view.visitor,
    )


def _extras(
    rng: random.Random, views: list[PendingView], searches: list, beacons: list[EngagementEvent]
) -> None:
    for view in views:
        if rng.random() < SEARCHES_PER_VIEW:
            text, empty = rng.choice(QUERIES)
            n = 0 if empty else rng.randint(1, 300)
            searches.append((view.commune_id, text, n, view.at, view.visitor))
        if view.kind == "article" and rng.random() < BEACONS_PER_ARTICLE_VIEW:
            seconds = min(3600, int(rng.lognormvariate(3.5, 0.9)))
            beacons.append(
                EngagementEvent(
                    commune_id=view.commune_id,
                    at=view.at + dt.timedelta(seconds=seconds),
                    day=view.day,
                    page_id=view.page_id,
                    type="read",
                    seconds=seconds,
                    depth=min(100, seconds + rng.randint(0, 40)),
                    visitor=view.visitor,
                )
            )


def _store_searches(rows: list[tuple]) -> None:
    # SearchQuery.created_at is auto_now_add: written with plain SQL to keep the past times.
    table = SearchQuery._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (commune_id, text, result_count, created_at, visitor) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (c, text, n, connection.ops.adapt_datetimefield_value(at), visitor)
                for c, text, n, at, visitor in rows
            ],
        )


def clear(commune: Commune) -> None:
    with transaction.atomic():
        for model in (ViewEvent, EngagementEvent, DailyCount, MonthlyCount, RollupState):
            model.objects.filter(commune=commune).delete()
        SearchQuery.objects.filter(commune=commune).delete()
        LastSeen.objects.all().delete()


def year(days: int, per_day: int) -> dict:
    commune = _commune()
    clear(commune)
    rng = random.Random(20261122)
    targets, weights = _targets(commune)
    today = timezone.localdate()
    first = today - dt.timedelta(days=days - 1)
    pending: list[PendingView] = []
    searches: list[tuple] = []
    beacons: list[EngagementEvent] = []
    written = 0
    write_seconds = build_seconds = 0.0
    started = time.monotonic()
    for i in range(days):
        t0 = time.perf_counter()
        day = first + dt.timedelta(days=i)
        views = _views_of_day(rng, commune.id, day, per_day, targets, weights)
        _extras(rng, views, searches, beacons)
        pending += views
        build_seconds += time.perf_counter() - t0
        if len(pending) >= BATCH or i == days - 1:
            t0 = time.perf_counter()
            written += write_batch(pending)
            write_seconds += time.perf_counter() - t0
            pending = []
        if (i + 1) % 30 == 0:
            print(
                f"    {i + 1}/{days} days, {written:,} events, {time.monotonic() - started:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    with transaction.atomic():
        _store_searches(searches)
        EngagementEvent.objects.bulk_create(beacons, batch_size=2000)
    rows = ViewEvent.objects.filter(commune=commune).count()
    t0 = time.perf_counter()
    rollup_commune(commune.id, today)
    rollup_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    pruned = prune(today)
    prune_seconds = time.perf_counter() - t0
    return {
        "first": first.isoformat(),
        "last": today.isoformat(),
        "views": written,
        "rows": rows,
        "searches": len(searches),
        "beacons": len(beacons),
        "build_seconds": round(build_seconds, 1),
        "write_seconds": round(write_seconds, 1),
        "rollup_seconds": round(rollup_seconds, 1),
        "prune_seconds": round(prune_seconds, 1),
        "pruned": pruned.get("views", 0),
        "daily_rows": DailyCount.objects.filter(commune=commune).count(),
    }


def record(count: int) -> dict:
    """Events/s of one process: Recorder.add for every view, a flush per second's worth."""
    commune = _commune()
    rng = random.Random(7)
    targets, weights = _targets(commune)
    now = timezone.now()
    start = now - dt.timedelta(hours=1)
    views = _views_of_day(
        rng, commune.id, timezone.localdate(now), count, targets, weights, start, 3600
    )[:count]
    views.sort(key=lambda v: v.at)
    last_id = ViewEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    recorder = Recorder()  # CCHC_ANALYTICS_FLUSH_SECONDS is long: its thread never flushes
    started = time.perf_counter()
    for i, view in enumerate(views, 1):
        recorder.add(view)
        if i % FLUSH == 0:
            recorder.flush()
    recorder.flush()
    seconds = time.perf_counter() - started
    stored = ViewEvent.objects.filter(id__gt=last_id)
    rows = stored.count()
    # Not part of the year: removed again (and their dedupe marks).
    visitors = sorted({v.visitor for v in views})
    with transaction.atomic():
        stored.delete()
        for i in range(0, len(visitors), 500):
            LastSeen.objects.filter(visitor__in=visitors[i : i + 500]).delete()
    return {
        "events": len(views),
        "rows": rows,
        "seconds": round(seconds, 3),
        "per_second": round(len(views) / seconds),
        "flush": FLUSH,
        "vendor": connection.vendor,
    }


def dashboard(rounds: int, first: str, last: str) -> dict:
    commune = _commune()
    user, created = get_user_model().objects.get_or_create(
        username=COORDINATOR, defaults={"first_name": "Điều phối"}
    )
    if created:
        user.set_unusable_password()
        user.save()
    membership_grant(user=user, commune=commune, role="coordinator")
    client = Client(HTTP_HOST=HOSTNAME)
    client.force_login(user)
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    query = f"?tu={start:%d/%m/%Y}&den={end:%d/%m/%Y}"
    result: dict = {"period_days": (end - start).days + 1}
    # The year is the measure; the default period (30 days) is shown for comparison, fewer times.
    measures = (
        ("year", f"/quan-tri/thong-ke/{query}", rounds),
        ("default", "/quan-tri/thong-ke/", min(rounds, 5)),
    )
    for label, url, count in measures:
        timings = []
        for i in range(count + 2):  # two to warm up (templates, first queries)
            t0 = time.perf_counter()
            response = client.get(url, secure=True)
            if i >= 2:
                timings.append((time.perf_counter() - t0) * 1000)
            if response.status_code != 200:
                return {"error": f"HTTP {response.status_code} for {url}"}
        timings.sort()
        result[label] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
            "bytes": len(response.content),
            "renders": count,
        }
    return result


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "year":
        result = year(int(args[0]), int(args[1]))
    elif command == "record":
        result = record(int(args[0]))
    elif command == "dashboard":
        result = dashboard(int(args[0]), args[1], args[2])
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
