"""A year of demo visits, recorded through the real counting path (never roll-ups directly).

Every view starts as a real `HttpRequest` (RequestFactory) with the headers a visitor's
browser sends: the user agent of a cheap Android phone, an iPhone, the Zalo or Facebook in-app
browser or a desktop; a referrer from zalo.me, facebook.com, google.com.vn, coccoc.com, the
portal itself or none; an address from a pool of synthetic visitors (reserved ranges: CGNAT
100.64.0.0/10 for phones, 198.18.0.0/15 for fixed lines), some of whom come back and reload.
Crawlers, link previewers, prefetches and staff are sent too, and must be dropped.

Each request goes through `cchc.analytics.middleware.record_request` with a past timestamp:
the same bot/prefetch/staff decision, channel and device classification and daily-salted
visitor hash as a live view. The views it decides to record go to the generator's own sink
instead of the live recorder's one-second buffer (whose thread would write them concurrently
with the generator), and are written with the recorder's `write_batch` in large batches, which
marks and folds the reloads exactly as it does live. Then `rollup_commune` computes the daily
and monthly rows.

The page tags come from the demo's real pages (`tag_for`, `note_route` for procedures and
topics), so page ids, kinds, topics and section membership are those of live views. Searches
are run through the real search to get each query's real number of results and stored as
`scrub()` stores them, with back-dated times; reading beacons are written as the beacon view
writes them (clamped values, the viewer's visitor hash), back-dated too.

Shape: weekdays busier than weekends, office hours and evenings, holidays (Tết) quiet,
growth over the year, spikes after a directive document or a procedure change is published.
Deterministic for a given day (seeded per commune).

Split by concern: `visitors` (browsers and referrers), `pages` (what can be visited),
`traffic_calendar` (volume, days, hours, campaigns) and `traffic_model` (the day-by-day
sessions, searches and beacons); this module drives them and writes the result.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from cchc.analytics import counter
from cchc.analytics.models import (
    DailyCount,
    EngagementEvent,
    LastSeen,
    MonthlyCount,
    RollupState,
    ViewEvent,
)
from cchc.analytics.recorder import write_batch
from cchc.analytics.services import rollup_commune
from cchc.analytics.visitors import forget_salts_before
from cchc.communes.models import Commune
from cchc.demo import content
from cchc.demo.pages import portal_of
from cchc.demo.traffic_calendar import DEFAULT_VOLUME, VOLUME, campaigns_of
from cchc.demo.traffic_model import Outcome, _Generator
from cchc.search.models import SearchQuery
from cchc.vietnamese.order import thousands

Report = Callable[[str], None]
WRITE_BATCH = 20_000


def _staff_user():
    User = get_user_model()
    return User.objects.filter(is_active=True, is_superuser=True).first()


def has_traffic(commune: Commune) -> bool:
    return (
        ViewEvent.objects.filter(commune=commune).exists()
        or DailyCount.objects.filter(commune=commune).exists()
    )


@transaction.atomic
def clear(commune: Commune) -> None:
    """Remove a commune's statistics (demo only): events, roll-ups, searches, dedupe marks."""
    today = timezone.localdate()
    recent = ViewEvent.objects.filter(commune=commune, day__gte=today - dt.timedelta(days=1))
    # Hashes of days whose salt still exists would meet their old dedupe marks again.
    LastSeen.objects.filter(visitor__in=recent.values("visitor")).delete()
    for model in (ViewEvent, EngagementEvent, DailyCount, MonthlyCount, RollupState):
        model.objects.filter(commune=commune).delete()
    SearchQuery.objects.filter(commune=commune).delete()
    counter.forget(commune.id)


def generate(
    commune: Commune,
    *,
    days: int = 365,
    now: dt.datetime | None = None,
    seed: int = 2026,
) -> Outcome:
    """Generate `days` days of visits up to `now`, record them, roll them up."""
    started = time.monotonic()
    now = now or timezone.now()
    today = timezone.localdate(now)
    rng = random.Random(f"{seed}:{commune.slug}:{today.isoformat()}")  # noqa: S311 - not secret
    factory = RequestFactory()
    outcome = Outcome(commune.slug, days=days)
    generator = _Generator(
        portal=portal_of(commune, factory),
        rng=rng,
        factory=factory,
        staff=_staff_user(),
        now=now,
        outcome=outcome,
        campaigns=campaigns_of(commune, today),
    )
    volume = VOLUME.get(commune.slug, DEFAULT_VOLUME)
    first = today - dt.timedelta(days=days - 1)
    collector = generator.sink
    for i in range(days):
        day = first + dt.timedelta(days=i)
        # Where the day lies in the year that ends today: --days 30 is the year's last month.
        progress = max(0.0, 1 - (today - day).days / 364)
        generator.day(day, progress, volume)
        if len(collector.views) >= WRITE_BATCH or i == days - 1:
            generator.beacons_for(collector.views)
            outcome.written += write_batch(collector.views)
            collector.views.clear()
    outcome.beacons = len(generator.beacons)
    outcome.searches = len(generator.searches)
    with transaction.atomic():
        EngagementEvent.objects.bulk_create(generator.beacons, batch_size=1000)
        # created_at is auto_now_add: stored as now by the insert, then set to the search's time.
        times = [query.created_at for query in generator.searches]
        rows = SearchQuery.objects.bulk_create(generator.searches, batch_size=1000)
        for row, at in zip(rows, times, strict=True):
            row.created_at = at
        SearchQuery.objects.bulk_update(rows, ["created_at"], batch_size=100)
    rollup_commune(commune.id, today)
    counter.forget(commune.id)
    outcome.seconds = time.monotonic() - started
    return outcome


def describe(o: Outcome, name: str) -> str:
    dropped = ", ".join(f"{why} {thousands(n)}" for why, n in sorted(o.dropped.items()))
    return (
        f"  {name}: {o.days} ngày, {thousands(o.requests)} yêu cầu, "
        f"{thousands(o.written)} lượt xem ghi nhận (bỏ qua: {dropped}), "
        f"{thousands(o.searches)} lượt tìm kiếm, {thousands(o.beacons)} tín hiệu đọc/chia "
        f"sẻ — {o.seconds:.1f} s"
    )


def generate_demo_traffic(
    communes: Sequence[Commune] | None = None,
    *,
    days: int = 365,
    replace: bool = False,
    report: Report = print,
) -> list[Outcome]:
    """Traffic for the demo communes; those that already have statistics are skipped unless
    `replace` (then theirs are cleared first). Running it twice does not double anything."""
    if not settings.DEMO:
        from cchc.demo.services import DemoRefused

        raise DemoRefused("Lượt truy cập minh họa chỉ được tạo khi CCHC_DEMO=1.")
    if communes is None:
        slugs = [d.spec.slug for d in content.COMMUNES]
        communes = sorted(Commune.objects.filter(slug__in=slugs), key=lambda c: slugs.index(c.slug))
    started = time.monotonic()
    outcomes = []
    for commune in communes:
        if has_traffic(commune):
            if not replace:
                report(f"  {commune.full_name}: đã có số liệu truy cập, giữ nguyên")
                continue
            clear(commune)
        outcome = generate(commune, days=days)
        outcomes.append(outcome)
        report(describe(outcome, commune.full_name))
    # The salts of past days must not outlive their day (as the roll-up task's prune does).
    forget_salts_before(timezone.localdate())
    if outcomes:
        total = sum(o.written for o in outcomes)
        report(
            f"Lượt truy cập minh họa: {thousands(total)} lượt xem trong "
            f"{time.monotonic() - started:.1f} s"
        )
    return outcomes
