"""Reads of plans: which plans a user sees, and each item's progress with its products."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from cchc.communes.models import Commune
from cchc.plans.evidence import Product, products_for_items
from cchc.plans.models import CommunicationPlan, PlanItem
from cchc.plans.permissions import plan_commune_ids


def plans_visible_to(user) -> QuerySet[CommunicationPlan]:
    ids = plan_commune_ids(user)
    plans = CommunicationPlan.objects.select_related("commune", "commune__province")
    return plans if ids is None else plans.filter(commune_id__in=ids)


def plans_editable_by(user) -> QuerySet[CommunicationPlan]:
    ids = plan_commune_ids(user, edit=True)
    plans = CommunicationPlan.objects.select_related("commune")
    return plans if ids is None else plans.filter(commune_id__in=ids)


def plan_for(commune: Commune, year: int) -> CommunicationPlan | None:
    return CommunicationPlan.objects.filter(commune=commune, year=year).first()


def plan_items(plan: CommunicationPlan) -> list[PlanItem]:
    return list(
        plan.items.select_related("lead_unit", "plan")
        .prefetch_related("coordinating_units")
        .order_by("position", "pk")
    )


@dataclass
class ItemProgress:
    item: PlanItem
    products: list[Product]
    done: int
    target: int
    late: bool
    period_end: datetime.date | None

    @property
    def complete(self) -> bool:
        return self.done >= self.target

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.target)) if self.target else 100

    @property
    def status(self) -> str:
        if self.complete:
            return "Hoàn thành"
        return "Chậm tiến độ" if self.late else "Đang thực hiện"


@dataclass
class PlanProgress:
    plan: CommunicationPlan
    items: list[ItemProgress]

    @property
    def late(self) -> list[ItemProgress]:
        return [row for row in self.items if row.late]

    @property
    def completed(self) -> int:
        return sum(1 for row in self.items if row.complete)


def plan_progress(plan: CommunicationPlan, *, today: datetime.date | None = None) -> PlanProgress:
    """Done / target per item from every registered evidence kind; late: the item's period
    has ended and it is short of its target."""
    today = today or timezone.localdate()
    items = plan_items(plan)
    products = products_for_items(items)
    rows = []
    for item in items:
        found = products.get(item.pk, [])
        done = sum(product.count for product in found)
        end = item.period_end
        rows.append(
            ItemProgress(
                item=item,
                products=found,
                done=done,
                target=item.target_count,
                late=end is not None and end < today and done < item.target_count,
                period_end=end,
            )
        )
    return PlanProgress(plan, rows)


def commune_by_host_or_slug(value: str) -> Commune | None:
    """The commune named on a command line: its slug («quyet-thang») or a host name of its site."""
    from cchc.communes.selectors import commune_for_hostname

    value = (value or "").strip()
    if not value:
        return None
    commune = Commune.objects.select_related("province").filter(slug=value.lower()).first()
    return commune or commune_for_hostname(value)
