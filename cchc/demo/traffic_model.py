"""The day-by-day traffic model: sessions, page views, searches and reading beacons.

`_Generator.day` turns a day's volume into sessions of synthetic visitors, each a chain of
real `HttpRequest`s passed to `record_request` with a past timestamp (prefetches, reloads,
crawlers and staff included, which it must drop), the views it records going to a `Collector`
instead of the live recorder's buffer; searches are run through the real search for their real
number of results and kept as `scrub()` stores them, and reading and sharing beacons are made
as the beacon view makes them, all back-dated and never later than `now`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone

from cchc.analytics import middleware
from cchc.analytics.models import EngagementEvent
from cchc.analytics.recorder import PendingView
from cchc.analytics.visitors import visitor_hash
from cchc.demo.pages import LANDING, NEXT, Portal, Target
from cchc.demo.traffic_calendar import (
    HOUR_WEIGHTS,
    SECTION_VIEWS_PER_SESSION,
    Campaign,
    day_factor,
)
from cchc.demo.visitors import (
    BOT_WEIGHTS,
    BOTS,
    CHANNELS,
    DESKTOP,
    REFERRERS,
    SEARCH_REFERRER_WEIGHTS,
    Visitor,
    new_visitor,
)
from cchc.search import querylog
from cchc.search import services as search_services
from cchc.search.models import SearchQuery

# What citizens type (no accents, abbreviations, typos), with weights. Whatever the real search
# finds for them is stored; some find nothing (vaccination or power-cut schedules, flood news,
# a typo): the information needs the dashboard shows.
SEARCHES = [
    ("dang ky khai sinh", 30), ("đăng ký khai sinh", 12), ("khai sinh", 10),
    ("dang ki khai sinh", 6), ("khai sing", 2), ("dang ky ket hon", 10), ("kết hôn", 5),
    ("xac nhan tinh trang hon nhan", 7), ("giay xac nhan doc than", 4), ("chung thuc", 9),
    ("chứng thực bản sao", 5), ("dang ky thuong tru", 8), ("tạm trú", 4),
    ("thanh toan truc tuyen", 4), ("nop ho so truc tuyen", 5), ("vneid", 5),
    ("cap the can cuoc", 4), ("lam can cuoc", 3), ("khai tu", 3), ("trich luc ho tich", 3),
    ("ho kinh doanh", 3), ("dat dai", 3), ("so dien thoai duong day nong", 2),
    ("cap lai so do", 6), ("lich tiep dan", 5), ("lịch tiếp công dân", 2),
    ("mau don xin viec", 2), ("tra cuu ho so", 3), ("ket qua thi tuyen cong chuc", 2),
    ("bao hiem y te hoc sinh", 2), ("giá đất 2026", 2), ("lich tiem chung", 4),
    ("lịch tiêm chủng", 2), ("lich cup dien", 3), ("bao lu", 2), ("hotline", 2), ("wifi", 1),
]  # fmt: skip
SEARCH_TEXTS = [q for q, _ in SEARCHES]
SEARCH_WEIGHTS = list(itertools.accumulate(w for _, w in SEARCHES))
SEARCHES_PER_SESSION = 0.07
READ_BEACON_SHARE = 0.4
SHARE_SHARE = 0.03
BEACON_KINDS = {"article", "guide", "document", "media"}

# --- recording ---------------------------------------------------------------------------


class Collector:
    """The generator's sink for `record_request`: the views it decides to record, kept for
    write_batch instead of the live recorder's one-second buffer (whose thread would write
    them concurrently with the generator)."""

    def __init__(self) -> None:
        self.views: list[PendingView] = []

    def add(self, view: PendingView) -> None:
        self.views.append(view)


@dataclass
class Outcome:
    commune: str
    days: int = 0
    requests: int = 0
    dropped: Counter[str] = field(default_factory=Counter)  # bot, prefetch, staff
    written: int = 0
    searches: int = 0
    beacons: int = 0
    seconds: float = 0.0

    @property
    def recorded(self) -> int:
        return self.requests - sum(self.dropped.values())


@dataclass
class _Generator:
    portal: Portal
    rng: random.Random
    factory: RequestFactory
    staff: object | None
    now: dt.datetime
    outcome: Outcome
    sink: Collector = field(default_factory=Collector)
    campaigns: list[Campaign] = field(default_factory=list)
    visitors: list[Visitor] = field(default_factory=list)
    visitor_weights: list[float] = field(default_factory=list)  # cumulative
    search_counts: dict[str, int] = field(default_factory=dict)
    searches: list[SearchQuery] = field(default_factory=list)
    beacons: list[EngagementEvent] = field(default_factory=list)

    def request(self, target: Target, agent: str, ip: str, referrer: str, **extra) -> HttpRequest:
        headers = {"HTTP_USER_AGENT": agent, "REMOTE_ADDR": ip, "HTTP_HOST": self.portal.host}
        if referrer:
            headers["HTTP_REFERER"] = referrer
        return self.factory.get(target.path, **headers, **extra)

    def record(self, request: HttpRequest, target: Target, at: dt.datetime, why: str = "") -> None:
        if at > self.now:
            return
        self.outcome.requests += 1
        commune_id = self.portal.commune.id
        if not middleware.record_request(request, commune_id, target.tag, at, sink=self.sink):
            self.outcome.dropped[why or "other"] += 1

    def __post_init__(self) -> None:
        anywhere = next(iter(self.portal.groups.values()))[0]
        self.bots = [self.request(anywhere, ua, "66.249.66.1", "") for ua in BOTS]
        self.everything = [t for group in self.portal.groups.values() for t in group]

    def grow_pool(self, size: int) -> None:
        """Visitors who come back: the pool grows with the commune's audience."""
        while len(self.visitors) < size:
            self.visitors.append(new_visitor(self.rng))
            total = self.visitor_weights[-1] if self.visitor_weights else 0.0
            self.visitor_weights.append(total + 1 / (len(self.visitors) + 10))  # a few come often

    def visitor(self) -> Visitor:
        if not self.visitors or self.rng.random() < 0.45:
            return new_visitor(self.rng)  # someone new, once
        return self.rng.choices(self.visitors, cum_weights=self.visitor_weights)[0]

    def session(self, start: dt.datetime, channel: str, landing: Target | None) -> None:
        rng = self.rng
        visitor = self.visitor()
        agent = visitor.agent(channel)
        if channel in ("zalo", "facebook") and agent != visitor.user_agent:
            referrer = "" if rng.random() < 0.6 else rng.choice(REFERRERS[channel])
        elif channel == "search":
            referrer = rng.choices(REFERRERS["search"], SEARCH_REFERRER_WEIGHTS)[0]
        elif channel == "direct":
            referrer = ""
        else:
            referrer = rng.choice(REFERRERS[channel])
        target = landing or self.portal.pick(rng, LANDING[channel])
        at = start
        pages = 1
        while True:
            if rng.random() < 0.02:  # the browser prefetched the link before the click
                prefetch = self.request(
                    target, agent, visitor.ip, referrer, HTTP_SEC_PURPOSE="prefetch"
                )
                self.record(prefetch, target, at - dt.timedelta(seconds=2), "prefetch")
            request = self.request(target, agent, visitor.ip, referrer)
            self.record(request, target, at)
            if rng.random() < 0.08:  # pressed reload (the same request again): not counted
                self.record(request, target, at + dt.timedelta(seconds=rng.randint(5, 720)))
            elif rng.random() < 0.012:  # came back to the page later: counted again
                self.record(request, target, at + dt.timedelta(minutes=rng.randint(35, 150)))
            if rng.random() < SEARCHES_PER_SESSION / 2:
                self.search(at + dt.timedelta(seconds=rng.randint(5, 60)), visitor.ip, agent)
            if pages >= 6 or rng.random() < 0.45:
                return
            referrer = f"http://{self.portal.host}{target.path}"
            target = self.portal.pick(rng, NEXT)
            at += dt.timedelta(seconds=rng.randint(15, 180))
            pages += 1

    def search(self, at: dt.datetime, ip: str, agent: str) -> None:
        if at > self.now:
            return
        # The searcher's hash as the live search logs it: the dashboard lists a query only
        # once several different visitors typed it.
        commune_id = self.portal.commune.id
        searcher = visitor_hash(timezone.localdate(at), commune_id, ip, agent)
        text = self.rng.choices(SEARCH_TEXTS, cum_weights=SEARCH_WEIGHTS)[0]
        if text not in self.search_counts:
            outcome = search_services.search(self.portal.commune, text, per_page=1, log=False)
            self.search_counts[text] = outcome.total
        self.searches.append(
            SearchQuery(
                commune=self.portal.commune,
                text=querylog.scrub(text),
                result_count=self.search_counts[text],
                created_at=at,
                visitor=searcher,
            )
        )

    def beacons_for(self, views: Sequence[PendingView]) -> None:
        rng = self.rng
        for view in views:
            if view.kind not in BEACON_KINDS or not view.page_id:
                continue
            if rng.random() < READ_BEACON_SHARE:
                seconds = min(3600, max(1, int(rng.lognormvariate(math.log(35), 0.9))))
                depth = min(100, int(seconds * 1.4) + rng.randint(0, 35))
                self._beacon(view, "read", seconds, depth, "", seconds)
            if rng.random() < SHARE_SHARE:
                to = rng.choices(("zalo", "facebook", "copy", "native"), (55, 30, 10, 5))[0]
                self._beacon(view, "share", 0, 0, to, rng.randint(10, 120))

    def _beacon(
        self, view: PendingView, type_: str, seconds: int, depth: int, to: str, after: int
    ) -> None:
        at = view.at + dt.timedelta(seconds=after)
        if at > self.now:
            return
        self.beacons.append(
            EngagementEvent(
                commune_id=view.commune_id,
                at=at,
                day=timezone.localdate(at),
                page_id=view.page_id,
                type=type_,
                seconds=seconds,
                depth=depth,
                share_to=to,
                visitor=view.visitor,
            )
        )

    def day(self, day: dt.date, progress: float, volume: tuple[int, int]) -> None:
        rng = self.rng
        start, end = volume
        views = (start + (end - start) * progress) * day_factor(day) * rng.lognormvariate(0, 0.15)
        sessions = max(1, round(views / SECTION_VIEWS_PER_SESSION))
        midnight = dt.datetime.combine(day, dt.time(0), tzinfo=timezone.get_current_timezone())
        zalo = 0.27 + 0.08 * progress  # Zalo groups of the villages grow over the year
        search = 0.26 - 0.05 * progress
        channel_weights = (zalo, 0.19, search, 0.17, 0.02, 1 - zalo - 0.19 - search - 0.17 - 0.02)
        self.grow_pool(int(sessions * 2.5))
        for _ in range(sessions):
            self.session(self._moment(midnight), rng.choices(CHANNELS, channel_weights)[0], None)
        for campaign in self.campaigns:
            age = (day - campaign.start).days
            target = self.portal.by_key.get(campaign.target)
            if target is None or not 0 <= age <= 6 * campaign.days:
                continue
            extra = round(sessions * campaign.strength * math.exp(-age / campaign.days))
            for _ in range(extra):  # shared in Zalo groups and on the commune's Facebook page
                channel = rng.choices(("zalo", "facebook", "direct"), (60, 30, 10))[0]
                self.session(self._moment(midnight), channel, target)
        for _ in range(round(sessions * 0.6)):  # crawlers and previewers: ~20 % of requests
            target = rng.choice(self.everything)
            request = rng.choices(self.bots, BOT_WEIGHTS)[0]
            self.record(request, target, self._moment(midnight), "bot")
        if self.staff is not None:
            for _ in range(round(sessions * 0.03) or 1):  # staff checking their pages
                target = self.portal.pick(rng, NEXT)
                request = self.request(target, DESKTOP[0], "198.18.0.10", "")
                request.user = self.staff
                self.record(request, target, self._moment(midnight), "staff")

    def _moment(self, midnight: dt.datetime) -> dt.datetime:
        hour = self.rng.choices(range(24), cum_weights=HOUR_WEIGHTS)[0]
        return midnight + dt.timedelta(hours=hour, seconds=self.rng.randint(0, 3599))
