"""Which rule scores a commune's year, and loading a province's version from a JSON file.

The file is the same shape `rule_as_data` writes, so a province officer (or the operator for
them) starts from the rule in force, adds or changes sub-criteria and loads it:

    manage.py par_rules --province 75 --year 2027 --show > rule.json   # edit, then
    manage.py par_rules --province 75 --year 2027 --load rule.json
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Prefetch

from cchc.communes.models import Province
from cchc.parindex.methods import check
from cchc.parindex.models import Criterion, RuleSet, SubCriterion
from cchc.plans.channels import Channel


class RuleError(ValueError):
    """A rule file that cannot be used; `problems` are Vietnamese lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


def rule_set_for(province_id: int | None, year: int) -> RuleSet | None:
    """The province's newest version valid in `year`, else the default's; criteria and parts
    prefetched (three queries)."""
    parts = Prefetch("parts", queryset=SubCriterion.objects.order_by("position", "pk"))
    criteria = Prefetch(
        "criteria",
        queryset=Criterion.objects.order_by("position", "pk").prefetch_related(parts),
    )
    versions = RuleSet.objects.filter(year__lte=year).order_by("-year").prefetch_related(criteria)
    if province_id is not None:
        own = versions.filter(province_id=province_id).first()
        if own is not None:
            return own
    return versions.filter(province__isnull=True).first()


def rule_as_data(rule_set: RuleSet) -> dict:
    return {
        "title": rule_set.title,
        "source": rule_set.source,
        "criteria": [
            {
                "key": c.key,
                "label": c.label,
                "max_points": float(c.max_points),
                "parts": [
                    {
                        "key": p.key,
                        "label": p.label,
                        "max_points": float(p.max_points),
                        "method": p.method,
                        "params": p.params,
                    }
                    for p in c.parts.all()
                ],
            }
            for c in rule_set.criteria.all()
        ],
    }


def _points(value: object, where: str, problems: list[str]) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number > 100:
        problems.append(f"{where}: «max_points» phải là số từ 0 đến 100.")
        return Decimal(0)
    return number


def check_rule(data: object) -> list[str]:
    """Every problem of a rule file, one line each, before anything is stored."""
    if not isinstance(data, dict) or not isinstance(data.get("criteria"), list):
        return ["Tệp quy tắc phải là đối tượng JSON có danh sách «criteria»."]
    problems: list[str] = []
    if not str(data.get("title", "")).strip():
        problems.append("Thiếu «title» (tên quy tắc).")
    if not data["criteria"]:
        problems.append("Quy tắc chưa có tiêu chí nào.")
    channels = set(Channel.values)
    seen: set[str] = set()
    for n, criterion in enumerate(data["criteria"], start=1):
        where = f"Tiêu chí {n}"
        if not isinstance(criterion, dict):
            problems.append(f"{where}: phải là một đối tượng JSON.")
            continue
        key = str(criterion.get("key", "")).strip()
        if not key or key in seen:
            problems.append(f"{where}: «key» trống hoặc trùng.")
        seen.add(key)
        if not str(criterion.get("label", "")).strip():
            problems.append(f"{where}: thiếu «label».")
        _points(criterion.get("max_points"), where, problems)
        parts = criterion.get("parts")
        if not isinstance(parts, list) or not parts:
            problems.append(f"{where}: chưa có tiêu chí thành phần («parts»).")
            continue
        part_keys: set[str] = set()
        for m, part in enumerate(parts, start=1):
            at = f"{where}, thành phần {m}"
            if not isinstance(part, dict):
                problems.append(f"{at}: phải là một đối tượng JSON.")
                continue
            part_key = str(part.get("key", "")).strip()
            if not part_key or part_key in part_keys:
                problems.append(f"{at}: «key» trống hoặc trùng.")
            part_keys.add(part_key)
            if not str(part.get("label", "")).strip():
                problems.append(f"{at}: thiếu «label».")
            _points(part.get("max_points"), at, problems)
            problems += [
                f"{at}: {line}"
                for line in check(
                    str(part.get("method", "")), part.get("params", {}), channels=channels
                )
            ]
    return problems


@transaction.atomic
def rule_set_load(*, province: Province | None, year: int, data: dict) -> RuleSet:
    """Store a version of the rule (replacing the same province and year's), all or nothing."""
    problems = check_rule(data)
    if problems:
        raise RuleError(problems)
    RuleSet.objects.filter(province=province, year=year).delete()
    rule_set = RuleSet.objects.create(
        province=province,
        year=year,
        title=str(data["title"]).strip()[:255],
        source=str(data.get("source", "")).strip()[:255],
    )
    for n, criterion in enumerate(data["criteria"], start=1):
        row = Criterion.objects.create(
            rule_set=rule_set,
            position=n,
            key=str(criterion["key"]).strip()[:40],
            label=str(criterion["label"]).strip()[:255],
            max_points=Decimal(str(criterion["max_points"])),
        )
        SubCriterion.objects.bulk_create(
            SubCriterion(
                criterion=row,
                position=m,
                key=str(part["key"]).strip()[:40],
                label=str(part["label"]).strip()[:255],
                max_points=Decimal(str(part["max_points"])),
                method=part["method"],
                params=part.get("params", {}),
            )
            for m, part in enumerate(criterion["parts"], start=1)
        )
    return rule_set
