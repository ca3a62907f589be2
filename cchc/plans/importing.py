"""Importing a plan's annex table: every row checked first, then all stored or nothing.

`plan_import` reads the file (`annex_reading`), reads each row's period in the plan's year
(`plan_periods`), matches unit names to the commune's units (`unit_names`) and, only when no
row has a problem and every unit is known (mapped by the officer, or created on request),
replaces the plan's items in one transaction. Messages are Vietnamese, one per problem.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from cchc.communes.models import Commune, Unit
from cchc.plans.annex_reading import COLUMNS, Annex, AnnexFileError, read_annex
from cchc.plans.channels import DEFAULT_TARGET_UNIT, channel_from_text, parse_target
from cchc.plans.models import CommunicationPlan, PlanItem
from cchc.plans.plan_periods import PlanPeriodError, parse_plan_period, year_mentioned
from cchc.plans.unit_names import UnitMatcher, key_of
from cchc.vietnamese import fold

MAX_PROBLEMS = 200


class PlanImportError(Exception):
    """The file cannot be imported; `problems` lists why (Vietnamese, one line each)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "")
        self.problems = problems


class UnknownUnits(Exception):
    """Unit names the commune does not have: map them to units, or create them."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


@dataclass
class ItemDraft:
    position: int
    content: str
    channel: str
    form_text: str
    period_text: str
    months: int
    lead_name: str
    coordinating_names: list[str]
    coordinating_note: str
    product: str
    target_count: int
    target_unit: str
    lead_id: int | None = None
    coordinating_ids: list[int] = field(default_factory=list)


@dataclass
class ImportResult:
    plan: CommunicationPlan
    items: int
    created_units: list[str]
    replaced: int


def annex_year(annex: Annex) -> int | None:
    """The plan's year as the file says it: in the title, else the year its periods name most."""
    year = year_mentioned(annex.text)
    if year:
        return year
    years = [year_mentioned(row.cells.get("period", "")) for row in annex.rows]
    counted = Counter(y for y in years if y)
    return counted.most_common(1)[0][0] if counted else None


def _drafts(
    annex: Annex, year: int, matcher: UnitMatcher
) -> tuple[list[ItemDraft], list[str], list[str]]:
    drafts: list[ItemDraft] = []
    problems: list[str] = []
    unknown: list[str] = []
    for position, row in enumerate(annex.rows, start=1):
        cells = row.cells
        missing = [COLUMNS[k] for k in ("content", "form", "period", "lead") if not cells.get(k)]
        if missing:
            problems.append(f"{row.where}: thiếu " + ", ".join(f"«{m}»" for m in missing) + ".")
            continue
        try:
            months = parse_plan_period(cells["period"], year)
        except PlanPeriodError as exc:
            problems.append(f"{row.where}: {exc}")
            continue
        channel = channel_from_text(cells["form"])
        target = parse_target(cells.get("target", ""))
        if cells.get("target") and target is None:
            problems.append(
                f"{row.where}: chỉ tiêu «{cells['target']}» phải bắt đầu bằng một số "
                "(ví dụ «12 bài»)."
            )
            continue
        count, unit = target or (1, "")
        lead_id, lead_name = matcher.match_one(cells["lead"])
        coordinating = matcher.match_many(cells.get("coordinating", ""))
        for name in ([lead_name] if lead_id is None else []) + coordinating.unknown:
            if key_of(name) not in {key_of(n) for n in unknown}:
                unknown.append(name)
        drafts.append(
            ItemDraft(
                position=position,
                content=cells["content"],
                channel=channel,
                form_text=cells["form"][:500],
                period_text=cells["period"][:200],
                months=months,
                lead_name=lead_name,
                coordinating_names=coordinating.unknown,
                coordinating_note=coordinating.note[:300],
                product=cells.get("product", "")[:500],
                target_count=max(count, 1),
                target_unit=(unit or DEFAULT_TARGET_UNIT[channel])[:60],
                lead_id=lead_id,
                coordinating_ids=coordinating.unit_ids,
            )
        )
    return drafts, problems[:MAX_PROBLEMS], unknown


def unit_kind_for(name: str) -> str:
    """A new unit's kind, guessed from its name."""
    folded = fold(name)
    rules = [
        (r"^(thon|to dan pho|khu pho|ban)\b", Unit.Kind.VILLAGE),
        (r"^truong\b", Unit.Kind.SCHOOL),
        (r"phuc vu hanh chinh cong|mot cua", Unit.Kind.ONE_STOP_CENTRE),
        (r"su nghiep cong", Unit.Kind.PUBLIC_SERVICE_CENTRE),
        (r"van hoa\W+xa hoi", Unit.Kind.COORDINATING),
        (r"mat tran|doan thanh nien|hoi (phu nu|nong dan|cuu chien binh)", Unit.Kind.ORGANISATION),
    ]
    for pattern, kind in rules:
        if re.search(pattern, folded):
            return kind
    return Unit.Kind.OFFICE


def plan_import(
    *,
    commune: Commune,
    data: bytes,
    year: int | None = None,
    unit_mapping: dict[str, int] | None = None,
    create_units: bool | set[str] = False,
    replace: bool = False,
    user=None,
) -> ImportResult:
    """Import an annex into the commune's plan of `year` (created if missing).

    Raises PlanImportError (nothing stored) or UnknownUnits (nothing stored: map or create).
    `unit_mapping` maps names as written to unit ids of this commune; `create_units` creates
    every unknown unit (True) or the named ones (a set of names).
    """
    try:
        annex = read_annex(data)
    except AnnexFileError as exc:
        raise PlanImportError([str(exc)]) from exc
    year = year or annex_year(annex)
    if year is None:
        raise PlanImportError(["Không xác định được năm của kế hoạch; hãy chọn (ghi) năm."])
    units = list(Unit.objects.filter(commune=commune).values_list("pk", "name"))
    own_ids = {pk for pk, _ in units}
    mapping = {name: pk for name, pk in (unit_mapping or {}).items() if pk in own_ids}
    drafts, problems, unknown = _drafts(annex, year, UnitMatcher(units, mapping))
    if problems:
        raise PlanImportError(problems)
    to_create = {key_of(n) for n in unknown} if create_units is True else set()
    if isinstance(create_units, set):
        to_create = {key_of(n) for n in create_units}
    still_unknown = [name for name in unknown if key_of(name) not in to_create]
    if still_unknown:
        raise UnknownUnits(still_unknown)
    plan = CommunicationPlan.objects.filter(commune=commune, year=year).first()
    existing = plan.items.count() if plan else 0
    if existing and not replace:
        raise PlanImportError(
            [
                f"Kế hoạch năm {year} của {commune.full_name} đã có {existing} nhiệm vụ; chọn "
                "«thay thế các nhiệm vụ đã có» để nhập lại."
            ]
        )
    return _store(commune, year, plan, drafts, unknown, existing, user)


@transaction.atomic
def _store(commune, year, plan, drafts, unknown, existing, user) -> ImportResult:
    created: dict[str, int] = {}
    for name in unknown:
        unit, _ = Unit.objects.get_or_create(
            commune=commune, name=name[:200], defaults={"kind": unit_kind_for(name)}
        )
        created[key_of(name)] = unit.pk
    if plan is None:
        plan = CommunicationPlan.objects.create(
            commune=commune,
            year=year,
            title=f"Kế hoạch tuyên truyền cải cách hành chính năm {year}",
            signer_authority="TM. ỦY BAN NHÂN DÂN",
            updated_by=user,
        )
    else:
        plan.items.all().delete()
    for draft in drafts:
        lead_id = draft.lead_id or created.get(key_of(draft.lead_name))
        item = PlanItem.objects.create(
            plan=plan,
            position=draft.position,
            content=draft.content,
            channel=draft.channel,
            form_text=draft.form_text,
            period_text=draft.period_text,
            months=draft.months,
            lead_unit_id=lead_id,
            coordinating_note=draft.coordinating_note,
            product=draft.product,
            target_count=draft.target_count,
            target_unit=draft.target_unit,
        )
        ids = draft.coordinating_ids + [created[key_of(n)] for n in draft.coordinating_names]
        if ids:
            item.coordinating_units.set(ids)
    return ImportResult(plan, len(drafts), list(unknown), existing)
