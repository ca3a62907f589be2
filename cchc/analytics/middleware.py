"""Counts public page views, including those served from the page cache.

Placed right after CommuneMiddleware and before PageCacheMiddleware, so it sees every
response, cached or not. It reads the `X-Cchc-View` tag the page put on its response,
removes it, and hands a view to the recorder unless the request is not a person's visit
(bot, prefetch, staff, preview, HEAD, error, non-page response).

On the request path it only copies a few headers into the buffer (`Seen`): classifying the
user agent and referrer, reading the clock in the site's zone and hashing the visitor happen
when the buffer is flushed, about once a second, in a warm loop off the request. Measured on a
cached page: the request-path cost of counting fell from ~27 µs to a few µs
(docs/decisions/0008-visit-counting.md). Only what needs the request itself (prefetch
headers, preview, staff) is decided here.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from cchc.analytics import classify
from cchc.analytics.counter import fill_counter
from cchc.analytics.recorder import PendingView, ViewSink, local_zone, recorder
from cchc.analytics.visitors import visitor_hash
from cchc.client_address import client_ip_of
from cchc.pages.viewtag import HEADER, ViewTag


def _is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)  # set by the auth middleware on a cache miss
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or user.has_perm("wagtailadmin.access_admin")


class Seen(NamedTuple):
    """A request as the middleware saw it: the raw inputs of a view, judged at flush time.

    Held in memory for about a second, never stored: the recorder turns it into a
    `PendingView` (or drops it: a bot, a malformed tag) just before writing.
    """

    commune_id: int
    at: float  # seconds since the epoch, time.time()
    tag: str  # the X-Cchc-View header as the page wrote it (ViewTag.encode)
    user_agent: str
    referrer: str
    host: str
    remote_addr: str
    forwarded_for: str

    def judge(self) -> PendingView | None:
        tag = ViewTag.decode(self.tag)
        if tag is None or classify.is_bot(self.user_agent):
            return None
        at = datetime.datetime.fromtimestamp(self.at, datetime.UTC)
        day = at.astimezone(local_zone()).date()
        ip = client_ip_of(self.remote_addr, self.forwarded_for)
        return PendingView(
            commune_id=self.commune_id,
            at=at,
            day=day,
            page_id=tag.page_id,
            kind=tag.kind,
            object_key=tag.object_key,
            in_section=tag.in_section,
            topics=tag.topics,
            # The host was validated by CommuneMiddleware already; get_host() would do it again.
            channel=classify.channel(self.referrer, self.user_agent, self.host),
            device=classify.device(self.user_agent),
            visitor=visitor_hash(day, self.commune_id, ip, self.user_agent),
        )


class ViewCountingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        tag_value = response.get(HEADER)
        if tag_value is None:
            return response
        del response[HEADER]
        commune = getattr(request, "commune", None)
        if commune is None:
            return response
        if response.status_code == 200 and request.method == "GET":
            if getattr(settings, "CCHC_ANALYTICS_ENABLED", True):
                seen = _seen(request, commune.id, tag_value, time.time())
                if seen is not None:
                    recorder.add(seen)
            if tag_value.startswith("section|"):  # ViewTag.encode puts the kind first
                fill_counter(response, commune.id)
        return response


def _seen(request: HttpRequest, commune_id: int, tag: str, at: float) -> Seen | None:
    """The request's raw view, or None when only the request can tell it is not a person's
    (a prefetch, a preview, a member of staff)."""
    meta = request.META
    if classify.is_prefetch(meta) or getattr(request, "is_preview", False) or _is_staff(request):
        return None
    get = meta.get
    return Seen(
        commune_id,
        at,
        tag,
        get("HTTP_USER_AGENT", ""),
        get("HTTP_REFERER", ""),
        get("HTTP_HOST", ""),
        get("REMOTE_ADDR", ""),
        get("HTTP_X_FORWARDED_FOR", ""),
    )


def record_request(
    request: HttpRequest,
    commune_id: int,
    tag: ViewTag,
    at: datetime.datetime | None = None,
    sink: ViewSink | None = None,
) -> bool:
    """Decide now whether this request is a person's view and, if so, record it.

    The path of the demo traffic generator (past timestamps, its own `sink`: anything with
    `add(PendingView)`): the same decisions as the live middleware's, `_seen` then
    `Seen.judge`, taken at once. Returns whether it recorded.
    """
    at = at or timezone.now()
    seen = _seen(request, commune_id, tag.encode(), at.timestamp())
    view = seen.judge() if seen is not None else None
    if view is None:
        return False
    (sink or recorder).add(view)
    return True
