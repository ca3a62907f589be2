"""What kind of visit a request is: bot or person, which channel, which device.

Pure functions of request headers (no Django import); nothing here is stored but the result.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from crawlerdetect import CrawlerDetect

# Referrers longer than this are not parsed (a huge header is junk or an attack), but the
# view still counts, as "other".
MAX_REFERRER = 2048
MAX_USER_AGENT = 512

_detector = CrawlerDetect()

# Link-preview fetchers and tools that CrawlerDetect does not know (the Zalo and Facebook
# in-app *browsers* are people and must not match: they carry "Zalo"/"FBAN" plus a real UA).
_EXTRA_BOTS = re.compile(
    r"zalo[- ]?(?:link|bot|preview)|\bwget\b|headless|lighthouse|pagespeed|uptime|monitor"
    r"|prerender|preview",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def is_bot(user_agent: str) -> bool:
    """Known crawler, tool or link previewer; a missing user agent is never a person."""
    if not user_agent.strip() or len(user_agent) > MAX_USER_AGENT:
        return True
    # CrawlerDetect costs ~0.5 ms a call; the cache makes repeat visitors free.
    return bool(_EXTRA_BOTS.search(user_agent)) or _detector.isCrawler(user_agent)


def is_prefetch(meta: dict) -> bool:
    """Browser prefetch/prerender requests (Chrome Sec-Purpose, Firefox X-Moz, old Purpose).

    Reads request.META: building request.headers costs more than the whole count.
    """
    get = meta.get
    purpose = (get("HTTP_SEC_PURPOSE") or get("HTTP_PURPOSE") or get("HTTP_X_MOZ") or "").lower()
    return "prefetch" in purpose or "prerender" in purpose


_SEARCH_ENGINES = (
    "google.",
    "bing.com",
    "coccoc.com",
    "yahoo.",
    "duckduckgo.com",
    "yandex.",
    "baidu.com",
    "ecosia.org",
    "search.brave.com",
)
_ZALO = ("zalo.me", "zaloapp.com", "zalo.vn", "zdn.vn")
_FACEBOOK = ("facebook.com", "fb.com", "fb.me", "messenger.com", "fb.watch")
_YOUTUBE = ("youtube.com", "youtu.be")


def _host_matches(host: str, domains: tuple[str, ...]) -> bool:
    for domain in domains:
        if domain.endswith("."):  # "google." matches google.com, google.com.vn …
            if host.startswith(domain) or f".{domain}" in host:
                return True
        elif host == domain or host.endswith(f".{domain}"):
            return True
    return False


@lru_cache(maxsize=8192)
def _channel_of_referrer_host(host: str, own_host: str) -> str:
    if not host:
        return "direct"
    if host == own_host:
        return "internal"
    if _host_matches(host, _ZALO):
        return "zalo"
    if _host_matches(host, _FACEBOOK):
        return "facebook"
    if _host_matches(host, _YOUTUBE):
        return "youtube"
    if _host_matches(host, _SEARCH_ENGINES):
        return "search"
    return "other"


def channel(referrer: str, user_agent: str, own_host: str) -> str:
    """Where the visitor came from. Only this label is stored, never the referrer itself.

    In-app browsers often send no referrer, so Zalo's and Facebook's are known by their
    user agent. A query string such as ?utm_source= is ignored: anyone can forge it.
    """
    ua = user_agent.lower()
    if " zalo" in ua or ua.startswith("zalo"):
        return "zalo"
    if "fban/" in ua or "fbav/" in ua or "fb_iab" in ua:
        return "facebook"
    if not referrer:
        return "direct"
    if len(referrer) > MAX_REFERRER:
        return "other"
    try:
        host = (urlsplit(referrer).hostname or "").lower()
    except ValueError:
        return "other"
    own = own_host.split(":", 1)[0].lower()
    return _channel_of_referrer_host(host, own)


@lru_cache(maxsize=8192)
def device(user_agent: str) -> str:
    ua = user_agent.lower()
    if "ipad" in ua or "tablet" in ua or ("android" in ua and "mobile" not in ua):
        return "tablet"
    if "mobi" in ua or "iphone" in ua or "android" in ua or "opera mini" in ua:
        return "mobile"
    return "desktop"
