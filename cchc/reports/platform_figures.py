"""The built-in figures of a unit's report, read through the selectors of the apps below."""

from __future__ import annotations

import datetime

from cchc.analytics.periods import Period
from cchc.analytics.selectors import page_views
from cchc.communes.models import Commune, Unit
from cchc.portal.selectors import unit_articles_published
from cchc.procedures.selectors import status_changes_between
from cchc.reports.figures import register_figure


def articles_published(commune: Commune, unit: Unit, start: datetime.date, end: datetime.date):
    return unit_articles_published(commune, unit.pk, start, end).count()


def article_views(commune: Commune, unit: Unit, start: datetime.date, end: datetime.date):
    """Views in the period of the unit's articles published in it."""
    ids = unit_articles_published(commune, unit.pk, start, end).values_list("pk", flat=True)
    return page_views(commune, list(ids), Period(start, end)).views


def procedure_decisions(commune: Commune, unit: Unit, start: datetime.date, end: datetime.date):
    """The one-stop centre supplies procedure results (seed 003, 2.3); other units handle none."""
    if unit.kind != Unit.Kind.ONE_STOP_CENTRE:
        return None
    return status_changes_between(commune, start, end).count()


def register() -> None:
    register_figure(
        "articles_published", "Tin, bài đã đăng trên Trang thông tin điện tử", articles_published
    )
    register_figure("article_views", "Lượt xem các tin, bài đó", article_views)
    register_figure(
        "procedure_decisions",
        "Thủ tục hành chính được công bố mới, sửa đổi, thay thế, bãi bỏ",
        procedure_decisions,
    )
