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
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.http.request import validate_host
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Page, Site

from cchc.analytics import counter, middleware
from cchc.analytics.models import (
    DailyCount,
    EngagementEvent,
    LastSeen,
    MonthlyCount,
    RollupState,
    ViewEvent,
)
from cchc.analytics.recorder import PendingView, write_batch
from cchc.analytics.services import rollup_commune
from cchc.analytics.tagging import ViewTag, note_route, tag_for
from cchc.analytics.visitors import forget_salts_before, visitor_hash
from cchc.communes.models import Commune
from cchc.demo import content
from cchc.portal.models import Topic
from cchc.procedures.models import Procedure
from cchc.search import services as search_services
from cchc.search.models import SearchQuery

Report = Callable[[str], None]

# Counted views of the reform section on a weekday, at the start and at the end of the year.
VOLUME: dict[str, tuple[int, int]] = {
    "duc-tho": (150, 380),
    "nguyet-vien": (100, 220),
    "quyet-thang": (90, 190),
    "tan-minh": (80, 170),
    "thanh-mien": (75, 160),
}
DEFAULT_VOLUME = (80, 170)
# Section views per session, measured on the generated traffic (sessions = views / this).
SECTION_VIEWS_PER_SESSION = 2.0
WRITE_BATCH = 20_000

WEEKDAY = (1.0, 1.04, 1.0, 0.97, 0.9, 0.58, 0.47)  # Monday … Sunday
# Local hour of a visit: office hours (8-11, 14-16) and the evening after dinner (19-22).
HOURS = (
    1,
    0.5,
    0.3,
    0.3,
    0.4,
    1,
    2.5,
    5,
    8,
    9,
    8.5,
    6,
    4,
    4.5,
    7.5,
    8,
    6.5,
    4.5,
    4.5,
    6,
    7,
    6,
    4,
    2,
)
HOUR_WEIGHTS = list(itertools.accumulate(HOURS))
TET = {
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13),
    2030: dt.date(2030, 2, 3),
}
HOLIDAYS = {(1, 1): 0.55, (4, 30): 0.5, (5, 1): 0.5, (9, 1): 0.6, (9, 2): 0.5}

# --- visitors' browsers ------------------------------------------------------------------

ANDROID = [
    ("13", "SM-A145F", "129.0.6668.100"),  # Samsung Galaxy A14
    ("12", "SM-A035F", "127.0.6533.103"),  # Galaxy A03
    ("13", "CPH2591", "128.0.6613.146"),  # OPPO A18
    ("14", "23129RN51X", "130.0.6723.86"),  # Redmi A3
    ("13", "V2247", "126.0.6478.122"),  # vivo Y36
    ("11", "RMX3261", "124.0.6367.179"),  # realme C21Y
    ("10", "K", "131.0.6778.81"),  # Chrome's reduced user agent
]
IOS = ["16_7_10", "17_5_1", "17_6_1", "18_1_1", "18_3_2"]
DESKTOP = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "coc_coc_browser/129.0.262 Chrome/123.0.6312.262 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.6 Safari/605.1.15",
]
TABLET = [
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/128.0.0.0 Safari/537.36",
]
# Crawlers, link previewers and tools: sent like visitors, never recorded.
BOTS = [
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, "
    "like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
    "+http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
    "Mozilla/5.0 (compatible; Zalo-LinkPreview/1.0)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "python-requests/2.32.3",
    "",
]
BOT_WEIGHTS = (30, 10, 14, 12, 10, 8, 6, 5, 5)


def _android(version: str, model: str, chrome: str) -> str:
    return (
        f"Mozilla/5.0 (Linux; Android {version}; {model}) AppleWebKit/537.36 (KHTML, like "
        f"Gecko) Chrome/{chrome} Mobile Safari/537.36"
    )


def _android_webview(version: str, model: str, chrome: str) -> str:
    return (
        f"Mozilla/5.0 (Linux; Android {version}; {model}; wv) AppleWebKit/537.36 (KHTML, like "
        f"Gecko) Version/4.0 Chrome/{chrome} Mobile Safari/537.36"
    )


def _iphone(ios: str, safari: bool = True) -> str:
    tail = f"Version/{ios.split('_')[0]}.{ios.split('_')[1]} Mobile/15E148 Safari/604.1"
    return (
        f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 "
        f"(KHTML, like Gecko) {tail if safari else 'Mobile/15E148'}"
    )


@dataclass(frozen=True)
class Visitor:
    ip: str
    platform: str  # android, ios, desktop, tablet
    user_agent: str  # of the visitor's own browser
    in_app: tuple[str, str] = ("", "")  # the Zalo and Facebook in-app browsers on this phone

    def agent(self, channel: str) -> str:
        if channel == "zalo" and self.in_app[0]:
            return self.in_app[0]
        if channel == "facebook" and self.in_app[1]:
            return self.in_app[1]
        return self.user_agent


def new_visitor(rng: random.Random) -> Visitor:
    platform = rng.choices(("android", "ios", "desktop", "tablet"), (58, 18, 20, 4))[0]
    if platform in ("android", "ios"):
        ip = f"100.{rng.randint(64, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    else:
        ip = f"198.{rng.randint(18, 19)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if platform == "android":
        version, model, chrome = rng.choice(ANDROID)
        if rng.random() < 0.12:  # Cốc Cốc on the phone
            ua = _android(version, model, chrome).replace(
                "Chrome/", "coc_coc_browser/128.0.284 Chrome/"
            )
        else:
            ua = _android(version, model, chrome)
        webview = _android_webview(version, model, chrome)
        zalo = f"{webview} Zalo android/12100629 ZaloTheme/light ZaloLanguage/vi"
        facebook = f"{webview} [FB_IAB/FB4A;FBAV/485.0.0.70.77;]"
        return Visitor(ip, platform, ua, (zalo, facebook))
    if platform == "ios":
        ios = rng.choice(IOS)
        app = _iphone(ios, safari=False)
        zalo = f"{app} Zalo iOS/537 ZaloTheme/light ZaloLanguage/vi"
        facebook = (
            f"{app} [FBAN/FBIOS;FBAV/480.0.0.41.103;FBDV/iPhone14,7;FBMD/iPhone;FBSN/iOS;"
            f"FBSV/{ios.replace('_', '.')};FBLC/vi_VN;FBOP/5]"
        )
        return Visitor(ip, platform, _iphone(ios), (zalo, facebook))
    if platform == "desktop":
        return Visitor(ip, platform, rng.choices(DESKTOP, (50, 25, 12, 6, 7))[0])
    return Visitor(ip, platform, rng.choice(TABLET))


# --- where visitors come from ------------------------------------------------------------

CHANNELS = ("zalo", "facebook", "search", "direct", "youtube", "other")
REFERRERS = {
    "zalo": ["https://zalo.me/", "https://chat.zalo.me/"],
    "facebook": ["https://m.facebook.com/", "https://l.facebook.com/", "https://www.facebook.com/"],
    "search": [
        "https://www.google.com.vn/",
        "https://www.google.com/",
        "https://coccoc.com/search",
        "https://www.bing.com/",
    ],
    "youtube": ["https://www.youtube.com/", "https://m.youtube.com/"],
    "other": ["https://dichvucong.gov.vn/", "https://baomoi.com/", "https://vnexpress.net/"],
}
SEARCH_REFERRER_WEIGHTS = (55, 20, 20, 5)

# Which kind of page a visitor lands on, by channel; and where they go next on the portal.
LANDING: dict[str, dict[str, float]] = {
    "search": {"procedure": 55, "guide": 12, "article": 10, "section": 8, "home": 8,
               "document": 4, "hotline": 3},
    "zalo": {"article": 35, "document": 12, "procedure": 18, "guide": 12, "section": 15,
             "home": 5, "media": 3},
    "facebook": {"article": 40, "document": 8, "procedure": 15, "guide": 10, "section": 12,
                 "home": 5, "media": 10},
    "youtube": {"media": 60, "guide": 25, "section": 15},
    "direct": {"home": 45, "section": 35, "procedure_list": 10, "procedure": 5, "hotline": 5},
    "other": {"procedure": 35, "document": 20, "article": 20, "section": 15, "guide": 10},
}  # fmt: skip
NEXT: dict[str, float] = {
    "section": 16, "procedure_list": 10, "procedure": 30, "article_index": 4, "article": 12,
    "topic": 4, "guide_index": 2, "guide": 7, "document_index": 3, "document": 4,
    "media_index": 1, "media": 2, "hotline": 3, "home": 5, "other": 1,
}  # fmt: skip

# Procedures citizens look for most (codes of the national catalogue), and their weight; every
# other procedure of the catalogue shares the long tail.
POPULAR_PROCEDURES = {
    "1.001193": 30,  # đăng ký khai sinh
    "1.000894": 14,  # đăng ký kết hôn
    "1.004873": 12,  # xác nhận tình trạng hôn nhân
    "2.000815": 12,  # chứng thực bản sao từ bản chính
    "1.004222": 12,  # đăng ký thường trú
    "2.000635": 8,  # bản sao trích lục hộ tịch, bản sao giấy khai sinh
    "1.004194": 6,  # đăng ký tạm trú
    "1.000656": 6,  # đăng ký khai tử
    "2.000884": 6,  # chứng thực chữ ký
    "1.014061": 5,  # cấp thẻ căn cước
    "1.004884": 4,  # đăng ký lại khai sinh
    "2.001035": 4,  # chứng thực giao dịch về đất, nhà ở
}
LONG_TAIL_WEIGHT = 0.12

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


# --- the pages of a commune --------------------------------------------------------------


@dataclass
class Target:
    group: str
    tag: ViewTag
    path: str
    weight: float = 1.0


@dataclass
class Portal:
    """What can be visited on one commune's portal, tagged as its responses are tagged."""

    commune: Commune
    host: str
    groups: dict[str, list[Target]] = field(default_factory=dict)
    by_key: dict[str, Target] = field(default_factory=dict)
    _choices: dict[str, tuple[list[Target], list[float]]] = field(default_factory=dict)

    def add(self, target: Target, key: str = "") -> None:
        self.groups.setdefault(target.group, []).append(target)
        if key:
            self.by_key[key] = target

    def pick(self, rng: random.Random, weights: dict[str, float]) -> Target:
        key = id(weights)
        if key not in self._choices:
            # One flat list: a group's weight is shared by its pages by their own weights.
            targets, cumulative, total = [], [], 0.0
            for group, weight in weights.items():
                members = self.groups.get(group)
                if not members:
                    continue
                inner = sum(t.weight for t in members)
                for t in members:
                    total += weight * t.weight / inner
                    targets.append(t)
                    cumulative.append(total)
            self._choices[key] = (targets, cumulative)
        targets, cumulative = self._choices[key]
        return targets[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _relative(page: Page, root: Page) -> str:
    return "/" + (page.url_path or "")[len(root.url_path or "/") :]


def _host_of(commune: Commune) -> str:
    hosts = list(
        Site.objects.filter(root_page_id=commune.root_page_id).values_list("hostname", flat=True)
    )
    preferred = [f"{commune.slug}.localhost", *sorted(hosts)]
    for host in preferred:
        if host in hosts and validate_host(host, settings.ALLOWED_HOSTS):
            return host
    raise RuntimeError(f"{commune.slug}: no host name of its site is in ALLOWED_HOSTS")


# Kinds of page that are a group of their own for the visitors' choices; the rest is "other".
GROUPS = {
    "home", "section", "article_index", "article", "guide_index", "guide", "document_index",
    "document", "media_index", "media", "hotline", "procedure_list",
}  # fmt: skip


def portal_of(commune: Commune, factory: RequestFactory) -> Portal:
    root = commune.root_page
    portal = Portal(commune=commune, host=_host_of(commune))
    section = procedure_index = None
    for page in Page.objects.descendant_of(root, inclusive=True).live().specific():
        if page.locale_id != root.locale_id:
            continue  # translations (the English about page) stay out of the demo's traffic
        path = _relative(page, root)
        tag = tag_for(page, factory.get(path))
        group = tag.kind if tag.kind in GROUPS else "other"
        # Newer and first-listed articles are read more: the first ones weigh more.
        weight = 1.0 / (1 + 0.25 * len(portal.groups.get(group, ()))) if group == "article" else 1
        portal.add(Target(group, tag, path, weight), key=page.slug)
        if tag.kind == "section":
            section = page
        elif tag.kind == "procedure_list":
            procedure_index = page
    if section is not None:
        base = _relative(section, root)
        for topic in Topic.objects.all():
            request = factory.get(f"{base}chu-de/{topic.slug}/")
            note_route(request, "topic", object_key=topic.slug, topics=str(topic.pk))
            portal.add(Target("topic", tag_for(section, request), request.path))
    if procedure_index is not None:
        base = _relative(procedure_index, root)
        codes = Procedure.objects.filter(commune=commune).values_list("code", flat=True)
        for code in codes:
            request = factory.get(f"{base}{code}/")
            note_route(request, "procedure", object_key=code)
            weight = POPULAR_PROCEDURES.get(code, LONG_TAIL_WEIGHT)
            portal.add(
                Target("procedure", tag_for(procedure_index, request), request.path, weight), code
            )
    return portal


# --- the calendar ------------------------------------------------------------------------


def day_factor(day: dt.date) -> float:
    factor = WEEKDAY[day.weekday()] * HOLIDAYS.get((day.month, day.day), 1.0)
    tet = TET.get(day.year)
    if tet and -3 <= (day - tet).days <= 5:
        factor *= 0.3
    return factor


@dataclass(frozen=True)
class Campaign:
    """A publication that was shared around: extra visits landing on one page, fading away."""

    start: dt.date
    target: str  # Portal.by_key key: a page slug or a procedure code
    strength: float  # extra sessions on the first day, as a share of the day's sessions
    days: float  # decay time


def _within_year(day: dt.date, today: dt.date) -> dt.date:
    """The same day of the year, moved into the year that ends today (the demo ages)."""
    day = day.replace(year=today.year) if day.month != 2 or day.day != 29 else day
    return day if day <= today else day.replace(year=today.year - 1)


def campaigns_of(commune: Commune, today: dt.date) -> list[Campaign]:
    demo = next((d for d in content.COMMUNES if d.spec.slug == commune.slug), None)
    found: list[tuple[dt.date, str, float, float]] = []
    if demo is not None:  # the commune's directive letter, shared by the officials' Zalo groups
        month = re.fullmatch(r"(\d{2})/(\d{4})", demo.letter.month_note)
        published = dt.date(2026, int(month.group(1)), 12) if month else dt.date(2026, 1, 12)
        found.append((published, demo.letter.file.split("_")[0] + "-" + commune.slug, 1.2, 3))
    found.append((dt.date(2026, 1, 6), "tin-1", 0.6, 3))  # the year's plan, in the news
    found.append((dt.date(2026, 3, 23), "huong-dan-3", 0.7, 5))  # VNeID activation drive
    for code, _status, date, _decision in content.STATUS_CHANGES:  # procedures changed
        found.append((dt.date.fromisoformat(date), code, 0.5, 4))
    return [Campaign(_within_year(d, today), key, s, t) for d, key, s, t in found]


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
                text=search_services.scrub(text),
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


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def describe(o: Outcome, name: str) -> str:
    dropped = ", ".join(f"{why} {_vn(n)}" for why, n in sorted(o.dropped.items()))
    return (
        f"  {name}: {o.days} ngày, {_vn(o.requests)} yêu cầu, {_vn(o.written)} lượt xem ghi nhận "
        f"(bỏ qua: {dropped}), {_vn(o.searches)} lượt tìm kiếm, {_vn(o.beacons)} tín hiệu đọc/chia "
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
            f"Lượt truy cập minh họa: {_vn(total)} lượt xem trong "
            f"{time.monotonic() - started:.1f} s"
        )
    return outcomes
