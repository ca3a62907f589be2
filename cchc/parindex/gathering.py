"""The facts of a commune's year, read through the plans and analytics selectors only.

Queries do not grow with the number of items or products: the plan, its items (and their
coordinating units), one query per registered evidence kind (the plans evidence contract),
and, only when the rule asks for visits, one read of the section's daily totals.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from cchc.communes.models import Commune
from cchc.parindex.facts import Facts, ItemFact, ProductFact, VisitFacts
from cchc.plans.channels import Channel
from cchc.plans.evidence import Product, evidence_kinds
from cchc.plans.models import CommunicationPlan, PlanItem
from cchc.plans.selectors import plan_progress

# The form a product is evidence of, for kinds whose name is not already a channel: a portal
# page is the website (diversity counts products' kinds, which are exact — decision 0022).
KIND_CHANNELS = {"portal_page": Channel.PORTAL_ARTICLE.value}


def product_channel(product: Product, item: PlanItem) -> str:
    """The kind's channel; else the one the product names in `extra`; else its item's."""
    if product.kind in KIND_CHANNELS:
        return KIND_CHANNELS[product.kind]
    if product.kind in Channel.values:
        return product.kind
    named = product.extra.get("channel") if product.extra else None
    return named if named in Channel.values else item.channel


def year_span(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The scored days: the whole year, or up to yesterday while it runs (today is partial)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if today <= end:
        end = max(start, today - datetime.timedelta(days=1))
    return start, end


def section_visits(commune: Commune, year: int, today: datetime.date) -> VisitFacts:
    from cchc.analytics.periods import Period
    from cchc.analytics.selectors import daily_totals

    start, end = year_span(year, today)
    days = daily_totals(commune.id, Period(start, end))
    return VisitFacts(
        start=start,
        end=end,
        views=sum(d.section.views for d in days),
        visitors=sum(d.section.visitors for d in days),
    )


def gather(
    plan: CommunicationPlan,
    *,
    today: datetime.date | None = None,
    with_visits: bool = False,
) -> Facts:
    today = today or timezone.localdate()
    labels = {kind.kind: kind.label for kind in evidence_kinds()}
    progress = plan_progress(plan, today=today)
    items = []
    for row in progress.items:
        item = row.item
        found = tuple(
            ProductFact(
                kind=p.kind,
                kind_label=labels.get(p.kind, p.kind),
                channel=product_channel(p, item),
                title=p.title,
                date=p.date,
                url=p.url,
                count=p.count,
                files=tuple((p.extra or {}).get("files", ())),
            )
            for p in row.products
        )
        items.append(
            ItemFact(
                id=item.pk,
                position=item.position,
                content=item.content,
                channel=item.channel,
                channel_label=item.get_channel_display(),
                target=row.target,
                target_unit=item.target_unit,
                done=row.done,
                period_label=item.period_text or item.period_label,
                period_end=row.period_end,
                products=found,
            )
        )
    commune = plan.commune
    return Facts(
        commune=commune.full_name,
        year=plan.year,
        today=today,
        plan_number=plan.number_symbol,
        plan_issued_on=plan.issued_on,
        items=tuple(items),
        visits=section_visits(commune, plan.year, today) if with_visits else None,
        channel_labels=dict(Channel.choices),
    )
