"""The first evidence kind: portal pages linked to a plan item, counted once published.

Plans sits above the portal (decision 0015), so it may read pages; the link itself is a row of
plans (`PlanItemPage`) pointing at Wagtail's Page, and the editor reaches it from the page's
header menu (`wagtail_hooks`): the portal knows nothing of plans.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone

from cchc.plans.evidence import Product, register_evidence_kind
from cchc.plans.models import PlanItem, PlanItemPage

KIND = "portal_page"


def published_pages_for(items: Sequence[PlanItem]) -> dict[int, list[Product]]:
    """Live linked pages first published within the item's plan year, per item."""
    years = {item.pk: item.plan.year for item in items}
    links = (
        PlanItemPage.objects.filter(item_id__in=years, page__live=True)
        .select_related("page")
        .only("item_id", "page__id", "page__title", "page__url_path", "page__first_published_at")
        .order_by("page__first_published_at")
    )
    found: dict[int, list[Product]] = {}
    for link in links:
        page = link.page
        published = page.first_published_at
        day = timezone.localdate(published) if published else None
        if day is None or day.year != years[link.item_id]:
            continue
        found.setdefault(link.item_id, []).append(
            Product(kind=KIND, title=page.title, date=day, url=page.get_url() or "")
        )
    return found


def register() -> None:
    register_evidence_kind(KIND, "Tin, bài trên Cổng thông tin điện tử", published_pages_for)
