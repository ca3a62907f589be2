"""Read-side helpers for the public portal."""

from __future__ import annotations

from django.db.models import QuerySet

from cchc.communes.models import Commune
from cchc.pagetree import children, newest_first
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
