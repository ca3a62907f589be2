"""The communication score of a commune's year: the rule in force applied to its facts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from cchc.communes.models import Commune
from cchc.parindex import methods
from cchc.parindex.facts import Facts
from cchc.parindex.gathering import gather
from cchc.parindex.methods import Reason, points, vn_number
from cchc.parindex.models import RuleSet
from cchc.parindex.rules import rule_set_for
from cchc.plans.models import CommunicationPlan
from cchc.plans.selectors import plan_for


class ScoreRefused(Exception):
    """No plan for the year, or no rule in force: one Vietnamese line."""


@dataclass
class Part:
    key: str
    name: str
    criterion: str
    method: str
    score: Decimal
    max: Decimal
    reasons: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "score": float(self.score),
            "max": float(self.max),
            "reasons": [r.as_dict() for r in self.reasons],
        }


@dataclass
class CriterionScore:
    label: str
    score: Decimal
    max: Decimal
    parts: list[Part]


@dataclass
class Score:
    commune: Commune
    year: int
    plan: CommunicationPlan
    rule_set: RuleSet
    criteria: list[CriterionScore]
    facts: Facts

    @property
    def score(self) -> Decimal:
        return points(sum((c.score for c in self.criteria), Decimal(0)))

    @property
    def max(self) -> Decimal:
        return points(sum((c.max for c in self.criteria), Decimal(0)))

    @property
    def parts(self) -> list[Part]:
        return [part for c in self.criteria for part in c.parts]

    @property
    def label(self) -> str:
        return f"{vn_number(self.score)}/{vn_number(self.max)} điểm"

    def as_dict(self) -> dict:
        """The shape `par_score --json` prints (issue 12)."""
        return {
            "commune": self.commune.slug,
            "year": self.year,
            "score": float(self.score),
            "max": float(self.max),
            "parts": [part.as_dict() for part in self.parts],
        }


def plan_or_refuse(commune: Commune, year: int) -> CommunicationPlan:
    plan = plan_for(commune, year)
    if plan is None:
        raise ScoreRefused(f"{commune.full_name} chưa có kế hoạch tuyên truyền năm {year}.")
    return plan


def par_score(commune: Commune, year: int, *, today: datetime.date | None = None) -> Score:
    """The score with its reasons; a criterion's score is its parts' sum, capped at its max."""
    plan = plan_or_refuse(commune, year)
    rule_set = rule_set_for(commune.province_id, year)
    if rule_set is None:
        raise ScoreRefused(f"Chưa có quy tắc chấm điểm chỉ số CCHC áp dụng cho năm {year}.")
    criteria = list(rule_set.criteria.all())
    uses = {part.method for c in criteria for part in c.parts.all()}
    facts = gather(plan, today=today, with_visits="visits_at_least" in uses)
    scored = []
    for criterion in criteria:
        parts = []
        for part in criterion.parts.all():
            outcome = methods.run(part.method, facts, part.params or {}, part.max_points)
            parts.append(
                Part(
                    key=part.key,
                    name=part.label,
                    criterion=criterion.label,
                    method=part.method,
                    score=min(outcome.score, part.max_points),
                    max=points(part.max_points),
                    reasons=outcome.reasons,
                )
            )
        total = min(sum((p.score for p in parts), Decimal(0)), criterion.max_points)
        scored.append(
            CriterionScore(criterion.label, points(total), points(criterion.max_points), parts)
        )
    return Score(commune, year, plan, rule_set, scored, facts)
