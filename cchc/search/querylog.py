"""The search log: what was searched, scrubbed of personal data, and by which daily visitor."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest

from cchc.communes.models import Commune
from cchc.search.models import SearchQuery
from cchc.vietnamese import fold

logger = logging.getLogger(__name__)

# Runs of 8+ digits are phone, ID-card (CCCD 12, CMND 9) or account numbers that citizens paste
# into any box; e-mail addresses likewise. Procedure codes (1.001193) have shorter runs.
_LONG_NUMBER_RE = re.compile(r"\d(?:[ .-]?\d){7,}")
_EMAIL_RE = re.compile(r"\S+@\S+")


def scrub(text: str) -> str:
    """The query without the personal data it may contain, folded, at most 200 characters."""
    text = _EMAIL_RE.sub("[email]", text)
    text = _LONG_NUMBER_RE.sub("#", text)
    return fold(text)[:200]


def log_query(commune: Commune, text: str, result_count: int, *, visitor: str = "") -> None:
    """Record a search for the statistics; a failure here must never fail the search."""
    try:
        with transaction.atomic():
            SearchQuery.objects.create(
                commune=commune,
                text=scrub(text),
                result_count=result_count,
                visitor=visitor[:16],
            )
    except Exception:
        logger.warning("Could not log a search query", exc_info=True)


# Who searched, as the daily-salted visitor hash of the statistics: the dashboard lists a
# query only when several different visitors typed it. The hash and its salt belong to
# cchc.analytics, which reads this log and so sits above search; it hands its function in at
# start-up (AnalyticsConfig.ready), so search never imports analytics.
VisitorSource = Callable[[HttpRequest], str]
_visitor_source: VisitorSource | None = None


def set_visitor_source(source: VisitorSource | None) -> None:
    global _visitor_source
    _visitor_source = source


def visitor_of(request: HttpRequest) -> str:
    """The request's daily visitor hash, or "" (no source set, or it failed: never fatal)."""
    if _visitor_source is None:
        return ""
    try:
        return _visitor_source(request)
    except Exception:
        logger.warning("Could not hash a searcher", exc_info=True)
        return ""


def forget_before(commune_id: int, moment) -> int:
    """Delete the commune's logged searches made before `moment` (the statistics' retention:
    the words people typed may hold names). Returns how many went."""
    return SearchQuery.objects.filter(commune_id=commune_id, created_at__lt=moment).delete()[0]
