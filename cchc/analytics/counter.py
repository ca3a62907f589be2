"""The public counter of the reform section: visits today, this month, in total.

Counts are views of pages in the section, reloads excluded, bots never recorded. Final days
come from the roll-ups, the days after `rolled_through` (today, and any day the roll-up has
not reached yet) from the raw events, so the figures are current within the recorder's
flush interval plus this module's short cache.
"""

from __future__ import annotations

import datetime
import time

from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone

from cchc.analytics.models import DailyCount, Dimension, RollupState, ViewEvent
from cchc.vietnamese.order import thousands

CACHE_SECONDS = 3
PLACEHOLDERS = {
    "today": b"<!--cchc:today-->",
    "month": b"<!--cchc:month-->",
    "total": b"<!--cchc:total-->",
}


def _compute(commune_id: int, today: datetime.date) -> dict[str, int]:
    month_start = today.replace(day=1)
    rolled = (
        RollupState.objects.filter(commune_id=commune_id)
        .values_list("rolled_through", flat=True)
        .first()
    )
    final_until = min(rolled, today - datetime.timedelta(days=1)) if rolled else None
    month = total = 0
    if final_until is not None:
        final = DailyCount.objects.filter(
            commune_id=commune_id, dimension=Dimension.TOTAL, key="section", day__lte=final_until
        )
        total = final.aggregate(n=Sum("views"))["n"] or 0
        month = final.filter(day__gte=month_start).aggregate(n=Sum("views"))["n"] or 0
    live = ViewEvent.objects.filter(commune_id=commune_id, in_section=True, counted=True)
    if final_until is not None:
        live = live.filter(day__gt=final_until)
    today_n = live.filter(day=today).count()
    open_days = live.filter(day__lt=today)
    total += today_n + open_days.count()
    month += today_n + open_days.filter(day__gte=month_start).count()
    return {"today": today_n, "month": month, "total": total}


# Per process, one second: a busy section page then reads the shared cache (a file by default)
# once a second instead of on every view.
LOCAL_SECONDS = 1.0
_local: dict[str, tuple[float, dict[str, int]]] = {}


def section_totals(commune_id: int) -> dict[str, int]:
    today = timezone.localdate()
    key = f"cchc:analytics:counter:{commune_id}:{today.isoformat()}"
    now = time.monotonic()
    memo = _local.get(key)
    if memo is not None and memo[0] > now:
        return memo[1]
    figures = cache.get(key)
    if figures is None:
        figures = _compute(commune_id, today)
        cache.set(key, figures, CACHE_SECONDS)
    if len(_local) > 10_000:
        _local.clear()
    _local[key] = (now + LOCAL_SECONDS, figures)
    return figures


def forget(commune_id: int) -> None:
    key = f"cchc:analytics:counter:{commune_id}:{timezone.localdate().isoformat()}"
    cache.delete(key)
    _local.pop(key, None)


def _format(n: int) -> bytes:
    return thousands(n).encode()


def fill_counter(response: HttpResponse, commune_id: int) -> None:
    """Put the current figures into the placeholders of a (possibly cached) section page."""
    if response.streaming or PLACEHOLDERS["today"] not in response.content:
        return
    figures = section_totals(commune_id)
    content = response.content
    for name, marker in PLACEHOLDERS.items():
        content = content.replace(marker, _format(figures[name]))
    response.content = content
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(content))
