"""Business rules of plans: what may be linked to what, saved in one place.

Every rule that keeps a commune's plan to itself lives here, so the back office, the commands
and the demo follow it alike: an item's units are units of the plan's commune, a plan's
directive documents are pages of its commune's tree, a page is linked only to items of the
plan of the page's own commune.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Page

from cchc.communes.models import Commune, Unit
from cchc.communes.selectors import commune_for_page
from cchc.plans.models import CommunicationPlan, PlanItem, PlanItemPage
from cchc.portal.models import DirectiveDocumentPage


class PlanRuleError(ValidationError):
    """A link across communes or another broken rule (message in Vietnamese)."""


def directive_pages_of(commune: Commune):
    """The directive documents a plan of this commune may name: those in its own tree."""
    if commune.root_page_id is None:
        return DirectiveDocumentPage.objects.none()
    return DirectiveDocumentPage.objects.descendant_of(commune.root_page).order_by(
        "-issued_on", "title"
    )


def check_units(commune_id: int, units: Iterable[Unit | None]) -> None:
    for unit in units:
        if unit is not None and unit.commune_id != commune_id:
            raise PlanRuleError("Đơn vị không thuộc xã, phường của kế hoạch.")


def check_directives(commune: Commune, pages: Iterable[Page]) -> None:
    allowed = set(directive_pages_of(commune).values_list("pk", flat=True))
    if any(page.pk not in allowed for page in pages):
        raise PlanRuleError("Văn bản chỉ đạo không thuộc xã, phường của kế hoạch.")


@transaction.atomic
def plan_save(*, plan: CommunicationPlan, directives: Iterable[Page] | None = None, user=None):
    """Create or update a plan; directives only from the commune's own documents."""
    if (
        CommunicationPlan.objects.filter(commune_id=plan.commune_id, year=plan.year)
        .exclude(pk=plan.pk)
        .exists()
    ):
        raise PlanRuleError(f"Xã, phường này đã có kế hoạch năm {plan.year}.")
    if directives is not None:
        directives = list(directives)
        check_directives(plan.commune, directives)
    plan.updated_by = user
    plan.save()
    if directives is not None:
        plan.directives.set(directives)
    return plan


@transaction.atomic
def item_save(
    *, item: PlanItem, coordinating_units: Iterable[Unit] | None = None, user=None
) -> PlanItem:
    """Create or update an item; its units must be of the plan's commune."""
    commune_id = item.plan.commune_id
    coordinating = list(coordinating_units) if coordinating_units is not None else None
    check_units(commune_id, [item.lead_unit, *(coordinating or [])])
    if item.pk is None and not item.position:
        item.position = (item.plan.items.count() or 0) + 1
    item.save()
    if coordinating is not None:
        item.coordinating_units.set(coordinating)
    CommunicationPlan.objects.filter(pk=item.plan_id).update(updated_by=user)
    return item


def items_for_page(page: Page):
    """The items a page may count toward: those of its own commune's plans, newest plan first."""
    commune = commune_for_page(page)
    if commune is None:
        return PlanItem.objects.none()
    return (
        PlanItem.objects.filter(plan__commune=commune)
        .select_related("plan")
        .order_by("-plan__year", "position", "pk")
    )


@transaction.atomic
def page_link_items(*, page: Page, items: Iterable[PlanItem], user=None) -> list[PlanItem]:
    """Make `items` the page's plan items (adding and removing links). An item of another
    commune's plan is refused, whatever the caller offered."""
    items = list(items)
    allowed = set(items_for_page(page).values_list("pk", flat=True))
    foreign = [item for item in items if item.pk not in allowed]
    if foreign:
        raise PlanRuleError("Chỉ gắn được với nhiệm vụ trong kế hoạch của xã, phường có trang này.")
    wanted = {item.pk for item in items}
    PlanItemPage.objects.filter(page=page).exclude(item_id__in=wanted).delete()
    have = set(PlanItemPage.objects.filter(page=page).values_list("item_id", flat=True))
    PlanItemPage.objects.bulk_create(
        [PlanItemPage(item_id=pk, page=page, linked_by=user) for pk in wanted - have]
    )
    return items
