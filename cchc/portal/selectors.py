"""Read-side helpers for the public portal."""

from __future__ import annotations

from django.db.models import QuerySet

from cchc.communes.models import Commune
from cchc.portal.models import ArticlePage, ReformSectionPage


def reform_section(commune: Commune) -> ReformSectionPage | None:
    if commune.root_page_id is None:
        return None
    return ReformSectionPage.objects.live().child_of(commune.root_page).first()


def latest_articles(commune: Commune, limit: int = 20) -> QuerySet[ArticlePage]:
    section = reform_section(commune)
    if section is None:
        return ArticlePage.objects.none()
    return (
        ArticlePage.objects.live()
        .public()
        .descendant_of(section)
        .order_by("-first_published_at")[:limit]
    )
