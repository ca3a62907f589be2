"""Plans in the generated isolation suite: commune B's plan, an item and a page link, the
fillers of the plans URLs, and the rows that must not change (cchc/tests/isolation_*)."""

from __future__ import annotations

from cchc.plans.models import CommunicationPlan, PlanItem, PlanItemPage


def build_plans(*, b, unit_b, b_draft, label: str) -> tuple[CommunicationPlan, PlanItem]:
    """Commune B's plan for 2026 with one item led by its unit, linked to its draft article."""
    plan = CommunicationPlan.objects.create(
        commune=b, year=2026, title=f"{label} kế hoạch", number_symbol=f"{label}/KH-UBND",
        aims=label, signer_name=label,
    )  # fmt: skip
    item = PlanItem.objects.create(
        plan=plan, position=1, content=f"{label} nội dung", form_text=f"{label} hình thức",
        period_text="Quý I/2026", months=0b111, lead_unit=unit_b, product=label,
    )  # fmt: skip
    item.coordinating_units.set([unit_b])
    PlanItemPage.objects.create(item=item, page=b_draft)
    return plan, item


def plans_snapshot(*, b, page_ids: list[int]) -> dict[str, object]:
    items = PlanItem.objects.filter(plan__commune=b)
    units = PlanItem.coordinating_units.through.objects.filter(planitem__in=items)
    links = PlanItemPage.objects.filter(item__in=items) | PlanItemPage.objects.filter(
        page_id__in=page_ids
    )
    return {
        "plans": (
            CommunicationPlan.objects.filter(commune=b),
            "pk", "year", "title", "number_symbol", "aims", "commune_id", "signer_name",
        ),
        "plan items": (
            items, "pk", "plan_id", "content", "months", "lead_unit_id", "target_count", "position"
        ),
        "plan item units": (units, "pk"),
        "plan item pages": (links, "pk", "item_id", "page_id"),
    }  # fmt: skip


def plan_fillers(Fill, each, listing, plain, pages, q) -> dict:
    """The fillers of every plans URL (Fill and helpers from cchc.tests.isolation_fillers)."""

    def plan_ids(w):
        return [w.plan_b.pk]

    def item_form(w):
        return {"position": "2", "content": "x", "channel": "other", "period_text": "Tháng 6",
                "lead_unit": str(w.unit_b.pk), "coordinating_units": str(w.unit_b.pk),
                "target_count": "1", "target_unit": "x"}  # fmt: skip

    def page_items(w):
        fills = [Fill(kwargs={"page_id": pk}, data={"items": str(w.plan_item_b.pk)})
                 for pk in pages(w)]  # fmt: skip
        # The persona's own draft, offered an item of another commune's plan.
        own = w.a1_draft.pk
        return [*fills, Fill(kwargs={"page_id": own}, data={"items": str(w.plan_item_b.pk)})]

    plan_form = {"commune": "", "year": "2026", "title": "x", "aims": "x"}
    return {
        "plans:index": listing,
        "plans:add": lambda w: [Fill(data={**plan_form, "commune": str(w.b.pk)})],
        "plans:import": lambda w: [Fill(data={"commune": str(w.b.pk), "year": "2026"})],
        "plans:import_units": lambda w: [Fill(data={"unit_0": str(w.unit_b.pk)})],
        "plans:detail": each("plan_id", plan_ids),
        "plans:edit": lambda w: [
            Fill(kwargs={"plan_id": pk}, data={**plan_form, "commune": str(w.b.pk)})
            for pk in plan_ids(w)
        ],
        "plans:delete": each("plan_id", plan_ids),
        "plans:export": lambda w: [
            Fill(kwargs={"plan_id": pk, "fmt": fmt})
            for pk in plan_ids(w)
            for fmt in ("docx", "xlsx")
        ],
        "plans:item_add": lambda w: [
            Fill(kwargs={"plan_id": pk}, data=item_form(w)) for pk in plan_ids(w)
        ],
        "plans:item_edit": lambda w: [
            Fill(kwargs={"item_id": w.plan_item_b.pk}, data=item_form(w))
        ],
        "plans:item_delete": lambda w: [Fill(kwargs={"item_id": w.plan_item_b.pk})],
        "plans:page_items": page_items,
    }
