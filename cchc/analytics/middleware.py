"""Counts public page views, including those served from the page cache.

Placed right after CommuneMiddleware and before PageCacheMiddleware, so it sees every
response, cached or not. It reads the `X-Cchc-View` tag the page put on its response,
removes it, and hands a view to the recorder unless the request is not a person's visit
(bot, prefetch, staff, preview, HEAD, error, non-page response).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from cchc.analytics import classify
from cchc.analytics.counter import fill_counter
from cchc.analytics.recorder import PendingView, ViewSink, local_zone, now_local, recorder
from cchc.analytics.tagging import HEADER, ViewTag
from cchc.analytics.visitors import client_ip, visitor_hash


def _is_staff(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)  # set by the auth middleware on a cache miss
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or user.has_perm("wagtailadmin.access_admin")


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
            tag = ViewTag.decode(tag_value)
            if tag is not None and getattr(settings, "CCHC_ANALYTICS_ENABLED", True):
                record_request(request, commune.id, tag)
            if tag is not None and tag.kind == "section":
                fill_counter(response, commune.id)
        return response


def record_request(
    request: HttpRequest,
    commune_id: int,
    tag: ViewTag,
    at: datetime.datetime | None = None,
    sink: ViewSink | None = None,
) -> bool:
    """Decide whether this request is a person's view and, if so, record it.

    The one path every view takes into the statistics: the middleware calls it for live
    requests, the demo traffic generator with past timestamps and its own `sink` (anything
    with `add(PendingView)`) instead of the live buffer. Returns whether it recorded.
    """
    meta = request.META
    user_agent = meta.get("HTTP_USER_AGENT", "")
    if classify.is_bot(user_agent) or classify.is_prefetch(meta):
        return False
    if getattr(request, "is_preview", False) or _is_staff(request):
        return False
    if at is None:
        at, day = now_local()
    else:
        day = at.astimezone(local_zone()).date()
    (sink or recorder).add(
        PendingView(
            commune_id=commune_id,
            at=at,
            day=day,
            page_id=tag.page_id,
            kind=tag.kind,
            object_key=tag.object_key,
            in_section=tag.in_section,
            topics=tag.topics,
            # The host was validated by CommuneMiddleware already; get_host() would do it again.
            channel=classify.channel(
                meta.get("HTTP_REFERER", ""), user_agent, meta.get("HTTP_HOST", "")
            ),
            device=classify.device(user_agent),
            visitor=visitor_hash(day, commune_id, client_ip(meta), user_agent),
        )
    )
    return True
