"""Read-side helpers for the public portal."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from cchc.communes.models import Commune
from cchc.pagetree import children, descendants, newest_first
from cchc.portal.models import ArticlePage, ReformSectionPage


def reform_section(commune: Commune) -> ReformSectionPage | None:
    if commune.root_page_id is None:
        return None
    return children(ReformSectionPage.objects.live(), commune.root_page).first()


def latest_articles(commune: Commune, limit: int = 20) -> QuerySet[ArticlePage]:
    section = reform_section(commune)
    if section is None:
        return ArticlePage.objects.none()
    return newest_first(ArticlePage.objects.live().public(), section)[:limit]


def unit_articles_published(
    commune: Commune, unit_id: int, start: datetime.date, end: datetime.date
) -> QuerySet[ArticlePage]:
    """The unit's live articles first published from `start` to `end` (local days, both
    included): what a unit's periodic report counts as its portal articles."""
    if commune.root_page_id is None:
        return ArticlePage.objects.none()
    zone = timezone.get_default_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    return descendants(ArticlePage.objects.live(), commune.root_page).filter(
        unit_id=unit_id, first_published_at__gte=since, first_published_at__lt=until
    )
