"""Public endpoints: the section counter as JSON, and the engagement beacon."""

from __future__ import annotations

import json
import math
import re

from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from cchc.analytics import classify
from cchc.analytics.counter import section_totals
from cchc.analytics.models import EngagementEvent
from cchc.analytics.recorder import now_local
from cchc.analytics.visitors import address_hash, visitor_hash
from cchc.client_address import client_ip
from cchc.inputs import MAX_ID, whole_number

MAX_BEACON_BYTES = 1024
# Per visitor (address and browser) and per address: changing the User-Agent gives a new
# visitor hash but not a new address. The address allows more, for a household, an office or a
# mobile carrier's shared address (CGNAT) reading at the same time.
BEACONS_PER_MINUTE = 30
BEACONS_PER_ADDRESS_PER_MINUTE = 60
SHARE_TARGETS = {"native", "facebook", "zalo", "copy"}


class BeaconRefused(Exception):
    """A beacon that is not stored; `message` (Vietnamese) is what the sender is told."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


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


_DIGITS = re.compile(r"[0-9]+")
_NOT_FINITE = "Dữ liệu có số không hợp lệ: không nhận NaN, Infinity hay số quá lớn (như 1e400)."


def _refuse_constant(name: str) -> float:
    # json.loads accepts NaN, Infinity and -Infinity, which are not JSON (RFC 8259).
    raise BeaconRefused(_NOT_FINITE)


def _finite_float(text: str) -> float:
    value = float(text)  # "1e400" is inf, not an error
    if not math.isfinite(value):
        raise BeaconRefused(_NOT_FINITE)
    return value


def _body(request: HttpRequest) -> dict:
    """The beacon's JSON object, read only after its declared length was checked."""
    declared = (request.META.get("CONTENT_LENGTH") or "0").strip()
    if _DIGITS.fullmatch(declared) is None:  # Django itself would int() it and fail
        raise BeaconRefused("Độ dài dữ liệu (Content-Length) không hợp lệ.")
    if whole_number(declared, high=MAX_BEACON_BYTES) is None:
        raise BeaconRefused("Dữ liệu gửi lên quá lớn.", 413)
    try:
        data = json.loads(
            request.body[: MAX_BEACON_BYTES + 1] or b"null",
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BeaconRefused("Dữ liệu không phải JSON hợp lệ.") from None
    if not isinstance(data, dict):
        raise BeaconRefused("Dữ liệu phải là một đối tượng JSON.")
    return data


def _int_field(data: dict, name: str, low: int, high: int) -> int:
    value = data.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BeaconRefused(f"Trường “{name}” phải là một số.")
    if isinstance(value, float) and not math.isfinite(value):  # parse_float already refuses
        raise BeaconRefused(_NOT_FINITE)
    # Clamped before int(): a tab left open all day is one hour; 1e300 never becomes an int.
    return int(max(low, min(high, value)))


def _rate_limited(key: str, limit: int) -> bool:
    if cache.add(key, 1, 60):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add() and incr()
        return False


def _check(request: HttpRequest) -> tuple[int, str, int, int, str]:
    """(page id, type, seconds, depth, share target) of a valid beacon, else BeaconRefused."""
    data = _body(request)
    page_id = data.get("page")
    if isinstance(page_id, bool) or not isinstance(page_id, int) or not 0 < page_id <= MAX_ID:
        raise BeaconRefused("Thiếu mã trang hợp lệ.")
    type_ = data.get("type")
    if type_ not in (EngagementEvent.Type.READ, EngagementEvent.Type.SHARE):
        raise BeaconRefused("Loại tín hiệu không hợp lệ (chỉ nhận “read” hoặc “share”).")
    seconds = _int_field(data, "seconds", 0, 3600) if type_ == "read" else 0
    depth = _int_field(data, "depth", 0, 100) if type_ == "read" else 0
    share_to = ""
    if type_ == "share":
        share_to = data.get("to")
        if share_to not in SHARE_TARGETS:
            raise BeaconRefused("Kênh chia sẻ không hợp lệ.")
    return page_id, type_, seconds, depth, share_to


@csrf_exempt  # sendBeacon carries no token; it writes nothing a visitor could misuse
@require_POST
def beacon(request: HttpRequest) -> JsonResponse:
    """Reading time and scroll depth, or a share, of one page; sent by navigator.sendBeacon.

    Body (JSON, ≤ 1 KB): {"page": id, "type": "read", "seconds": n, "depth": 0..100}
    or {"page": id, "type": "share", "to": "native|facebook|zalo|copy"}.
    Every refusal is a 4xx with a message of ours, never the text of a Python exception.
    """
    commune = getattr(request, "commune", None)
    if commune is None:
        return _error("Tên miền này không thuộc xã, phường nào.", 404)
    meta = request.META
    user_agent = meta.get("HTTP_USER_AGENT", "")
    if classify.is_bot(user_agent):
        return JsonResponse({"ok": False}, status=202)  # accepted and ignored
    try:
        page_id, type_, seconds, depth, share_to = _check(request)
    except BeaconRefused as refused:
        return _error(refused.message, refused.status)
    at, day = now_local()
    ip = client_ip(meta)
    visitor = visitor_hash(day, commune.id, ip, user_agent)
    # Both counters move on every well-formed beacon, before the page is looked up, so a
    # flood costs a cache increment, not a database query. The address is hashed with the
    # day's salt like the visitor: it is never kept, not even in the cache key.
    by_address = _rate_limited(
        f"cchc:analytics:beacon:a:{address_hash(day, commune.id, ip)}",
        BEACONS_PER_ADDRESS_PER_MINUTE,
    )
    by_visitor = _rate_limited(f"cchc:analytics:beacon:v:{visitor}", BEACONS_PER_MINUTE)
    if by_address or by_visitor:
        return _error("Gửi quá nhiều tín hiệu, vui lòng thử lại sau.", 429)
    root = commune.root_page
    if (
        root is None
        or not Page.objects.live().filter(id=page_id, path__startswith=root.path).exists()
    ):
        return _error("Không có trang này trên cổng của xã, phường.", 404)
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
