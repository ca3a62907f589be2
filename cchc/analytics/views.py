"""Public endpoints: the section counter as JSON, and the engagement beacon."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from cchc.analytics import classify
from cchc.analytics.counter import section_totals
from cchc.analytics.models import EngagementEvent
from cchc.analytics.recorder import now_local
from cchc.analytics.visitors import client_ip, visitor_hash

MAX_BEACON_BYTES = 1024
BEACONS_PER_MINUTE = 30
SHARE_TARGETS = {"native", "facebook", "zalo", "copy"}


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def section_stats(request: HttpRequest) -> JsonResponse:
    """`{"today": n, "month": n, "total": n}` for the commune of the host name."""
    commune = getattr(request, "commune", None)
    if commune is None:
        return _error("Tên miền này không thuộc xã, phường nào.", 404)
    response = JsonResponse(section_totals(commune.id))
    response["Cache-Control"] = "public, max-age=5"
    return response


def _int_field(data: dict, name: str, low: int, high: int) -> int:
    value = data.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"Trường “{name}” phải là một số.")
    return max(low, min(high, int(value)))  # clamped: a tab left open all day is one hour


@csrf_exempt  # sendBeacon carries no token; it writes nothing a visitor could misuse
@require_POST
def beacon(request: HttpRequest) -> JsonResponse:
    """Reading time and scroll depth, or a share, of one page; sent by navigator.sendBeacon.

    Body (JSON, ≤ 1 KB): {"page": id, "type": "read", "seconds": n, "depth": 0..100}
    or {"page": id, "type": "share", "to": "native|facebook|zalo|copy"}.
    """
    commune = getattr(request, "commune", None)
    if commune is None:
        return _error("Tên miền này không thuộc xã, phường nào.", 404)
    meta = request.META
    user_agent = meta.get("HTTP_USER_AGENT", "")
    if classify.is_bot(user_agent):
        return JsonResponse({"ok": False}, status=202)  # accepted and ignored
    if int(meta.get("CONTENT_LENGTH") or 0) > MAX_BEACON_BYTES:
        return _error("Dữ liệu gửi lên quá lớn.", 413)
    try:
        data = json.loads(request.body[: MAX_BEACON_BYTES + 1] or b"null")
    except (ValueError, UnicodeDecodeError):
        return _error("Dữ liệu không phải JSON hợp lệ.")
    if not isinstance(data, dict):
        return _error("Dữ liệu phải là một đối tượng JSON.")
    page_id = data.get("page")
    if isinstance(page_id, bool) or not isinstance(page_id, int) or page_id <= 0:
        return _error("Thiếu mã trang hợp lệ.")
    type_ = data.get("type")
    if type_ not in (EngagementEvent.Type.READ, EngagementEvent.Type.SHARE):
        return _error("Loại tín hiệu không hợp lệ (chỉ nhận “read” hoặc “share”).")
    try:
        seconds = _int_field(data, "seconds", 0, 3600) if type_ == "read" else 0
        depth = _int_field(data, "depth", 0, 100) if type_ == "read" else 0
    except ValueError as exc:
        return _error(str(exc))
    share_to = ""
    if type_ == "share":
        share_to = data.get("to")
        if share_to not in SHARE_TARGETS:
            return _error("Kênh chia sẻ không hợp lệ.")
    root = commune.root_page
    if (
        root is None
        or not Page.objects.live().filter(id=page_id, path__startswith=root.path).exists()
    ):
        return _error("Không có trang này trên cổng của xã, phường.", 404)
    at, day = now_local()
    visitor = visitor_hash(day, commune.id, client_ip(meta), user_agent)
    rate_key = f"cchc:analytics:beacon:{visitor}"
    if cache.add(rate_key, 1, 60):
        sent = 1
    else:
        try:
            sent = cache.incr(rate_key)
        except ValueError:
            sent = 1
    if sent > BEACONS_PER_MINUTE:
        return _error("Gửi quá nhiều tín hiệu, vui lòng thử lại sau.", 429)
    EngagementEvent.objects.create(
        commune=commune,
        at=at,
        day=day,
        page_id=page_id,
        type=type_,
        seconds=seconds,
        depth=depth,
        share_to=share_to,
        visitor=visitor,
    )
    return JsonResponse({"ok": True}, status=202)
