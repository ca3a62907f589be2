"""The scoring methods a rule's sub-criterion names: pure functions of `Facts` and parameters.

A province writes rules as data (method + JSON parameters), never code; these four cover the
published rules and what the seeds ask to count:

- `plan_completion` {"proportional_from": 0.9}: all items at target → full points; from
  `proportional_from` up to 100 % of items at target → points × completed ÷ planned; below → 0
  (Xuân Lộc, CV 244/PNV 2022, part a).
- `forms_present` {"groups": [{"label", "channels": [...], "points"}]}: a group's points when a
  product of one of its channels exists in the year (part b: screens 0.25, website or social
  media 0.25, traditional forms 0.5).
- `visits_at_least` {"views": N} or {"visitors": N}: full points when the reform section had
  at least N views (visitor-days) in the year (seed 000).
- `plan_issued_by` {"date": "31/01"}: full points when the year's plan was signed on or before
  that day of the scored year (or an ISO date).

Each returns an `Outcome` (points, rounded to hundredths, and `Reason` rows: which items,
which products, which dates). `check(method, params)` names bad parameters in Vietnamese.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from cchc.parindex.facts import Facts, ProductFact
from cchc.vietnamese.order import thousands

HUNDREDTH = Decimal("0.01")
# A reason lists at most this many products of a group; the evidence pack lists them all.
EXAMPLES = 10


@dataclass(frozen=True)
class Reason:
    """One line of «why»: a sentence and what it refers to."""

    text: str
    ok: bool | None = None  # met, not met, or neither (a summary)
    item: int | None = None  # the plan item's number in the annex
    channel: str = ""
    date: datetime.date | None = None
    products: tuple[ProductFact, ...] = ()
    more: int = 0  # products not listed here

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "ok": self.ok,
            "item": self.item,
            "channel": self.channel or None,
            "date": self.date.isoformat() if self.date else None,
            "products": [p.as_dict() for p in self.products],
            "more_products": self.more,
        }


@dataclass(frozen=True)
class Outcome:
    score: Decimal
    reasons: list[Reason] = field(default_factory=list)


def points(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def vn_number(value: Decimal | float) -> str:
    """0.95 → «0,95», 1.00 → «1»."""
    text = f"{points(value):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _d(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "chưa rõ ngày"


# --- The methods ---------------------------------------------------------------------------------


def plan_completion(facts: Facts, params: dict, max_points: Decimal) -> Outcome:
    threshold = Decimal(str(params.get("proportional_from", 0.9)))
    planned = len(facts.items)
    if not planned:
        return Outcome(points(0), [Reason("Kế hoạch chưa có nhiệm vụ nào.", ok=False)])
    completed = sum(1 for item in facts.items if item.complete)
    ratio = Decimal(completed) / Decimal(planned)
    percent = vn_number(ratio * 100)
    if completed == planned:
        score, rule = max_points, "đạt toàn bộ chỉ tiêu: điểm tối đa"
    elif ratio >= threshold:
        score = max_points * ratio
        rule = f"từ {vn_number(threshold * 100)} % đến dưới 100 %: điểm theo tỷ lệ"
    else:
        score, rule = Decimal(0), f"dưới {vn_number(threshold * 100)} %: 0 điểm"
    score = points(score)
    reasons = [
        Reason(
            f"{completed}/{planned} nhiệm vụ đạt chỉ tiêu ({percent} %), {rule} — "
            f"{vn_number(score)} điểm.",
            ok=score > 0,
        )
    ]
    for item in facts.items:
        dates = [p.date for p in item.products if p.date]
        state = "đạt" if item.complete else "chưa đạt"
        late = ""
        if not item.complete and item.period_end and item.period_end < facts.today:
            late = f", hết thời hạn {_d(item.period_end)}"
        reasons.append(
            Reason(
                f"Nhiệm vụ {item.position} «{item.short}» ({item.period_label}): "
                f"{item.done}/{item.target} {item.target_unit} — {state}{late}.",
                ok=item.complete,
                item=item.position,
                channel=item.channel,
                date=max(dates) if dates else None,
                products=item.products,
            )
        )
    return Outcome(score, reasons)


def forms_present(facts: Facts, params: dict, max_points: Decimal) -> Outcome:
    by_channel: dict[str, list[ProductFact]] = {}
    for _item, product in facts.products():
        by_channel.setdefault(product.channel, []).append(product)
    total = Decimal(0)
    reasons = []
    for group in params.get("groups", []):
        channels = list(group.get("channels", []))
        found = sorted(
            (p for channel in channels for p in by_channel.get(channel, [])),
            key=lambda p: (p.date or datetime.date.min, p.title),
        )
        value = points(group.get("points", 0))
        names = ", ".join(facts.channel_labels.get(c, c) for c in channels)
        if found:
            total += value
            text = (
                f"{group.get('label', names)}: có {len(found)} sản phẩm, từ ngày "
                f"{_d(found[0].date)} — {vn_number(value)} điểm."
            )
        else:
            text = (
                f"{group.get('label', names)}: chưa có sản phẩm nào trong năm ({names}) — 0 điểm."
            )
        reasons.append(
            Reason(
                text,
                ok=bool(found),
                channel=",".join(channels),
                date=found[0].date if found else None,
                products=tuple(found[:EXAMPLES]),
                more=max(0, len(found) - EXAMPLES),
            )
        )
    return Outcome(points(min(total, max_points)), reasons)


def visits_at_least(facts: Facts, params: dict, max_points: Decimal) -> Outcome:
    measure = "visitors" if "visitors" in params else "views"
    wanted = int(params.get(measure, 0))
    word = "lượt khách" if measure == "visitors" else "lượt xem"
    visits = facts.visits
    if visits is None:
        return Outcome(points(0), [Reason("Chưa có số liệu truy cập.", ok=False)])
    got = getattr(visits, measure)
    ok = got >= wanted
    text = (
        f"Chuyên mục Cải cách hành chính có {thousands(got)} {word} từ {_d(visits.start)} đến "
        f"{_d(visits.end)}; yêu cầu từ {thousands(wanted)} {word} — "
        f"{vn_number(max_points if ok else 0)} điểm."
    )
    return Outcome(points(max_points if ok else 0), [Reason(text, ok=ok, date=visits.end)])


def deadline_in(year: int, raw: str) -> datetime.date:
    """«31/01» in the scored year, or an ISO date «2026-01-31»."""
    raw = str(raw).strip()
    if "-" in raw:
        return datetime.date.fromisoformat(raw)
    day, month = (int(part) for part in raw.split("/")[:2])
    return datetime.date(year, month, day)


def plan_issued_by(facts: Facts, params: dict, max_points: Decimal) -> Outcome:
    deadline = deadline_in(facts.year, params.get("date", "31/01"))
    issued = facts.plan_issued_on
    number = f"số {facts.plan_number}" if facts.plan_number else "(chưa ghi số)"
    if issued is None:
        return Outcome(
            points(0),
            [Reason(f"Kế hoạch {number} chưa ghi ngày ban hành — 0 điểm.", ok=False)],
        )
    ok = issued <= deadline
    got = vn_number(max_points if ok else 0)
    text = (
        f"Kế hoạch {number} ban hành ngày {_d(issued)}, "
        f"{'trước' if ok else 'sau'} hạn {_d(deadline)} — {got} điểm."
    )
    return Outcome(points(max_points if ok else 0), [Reason(text, ok=ok, date=issued)])


Method = Callable[[Facts, dict, Decimal], Outcome]

METHODS: dict[str, tuple[str, Method]] = {
    "plan_completion": ("Tỷ lệ hoàn thành kế hoạch", plan_completion),
    "forms_present": ("Các hình thức tuyên truyền đã thực hiện", forms_present),
    "visits_at_least": ("Lượt truy cập chuyên mục đạt mức", visits_at_least),
    "plan_issued_by": ("Ban hành kế hoạch đúng hạn", plan_issued_by),
}


def run(method: str, facts: Facts, params: dict, max_points: Decimal) -> Outcome:
    return METHODS[method][1](facts, params, max_points)


def check(method: str, params: object, *, channels: set[str]) -> list[str]:
    """Problems of a sub-criterion's parameters, one Vietnamese line each ([] when usable)."""
    if method not in METHODS:
        return [f"Không có phương pháp tính «{method}» (có: {', '.join(METHODS)})."]
    if not isinstance(params, dict):
        return ["Tham số phải là một đối tượng JSON."]
    problems = []
    if method == "plan_completion":
        value = params.get("proportional_from", 0.9)
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            problems.append("«proportional_from» phải là một số từ 0 đến 1.")
    elif method == "forms_present":
        groups = params.get("groups")
        if not isinstance(groups, list) or not groups:
            return ["«groups» phải là danh sách các nhóm hình thức."]
        for n, group in enumerate(groups, start=1):
            chosen = group.get("channels") if isinstance(group, dict) else None
            if not isinstance(chosen, list) or not chosen:
                problems.append(f"Nhóm {n}: thiếu danh sách «channels».")
                continue
            unknown = [c for c in chosen if c not in channels]
            if unknown:
                problems.append(f"Nhóm {n}: không có hình thức {', '.join(map(str, unknown))}.")
            if not isinstance(group.get("points"), int | float) or group["points"] < 0:
                problems.append(f"Nhóm {n}: «points» phải là một số không âm.")
    elif method == "visits_at_least":
        keys = [k for k in ("views", "visitors") if k in params]
        if len(keys) != 1 or not isinstance(params[keys[0]], int) or params[keys[0]] < 0:
            problems.append("Ghi đúng một trong «views» hoặc «visitors», là số nguyên không âm.")
    elif method == "plan_issued_by":
        try:
            deadline_in(2024, params.get("date", ""))  # a leap year: 29/02 is allowed
        except (ValueError, TypeError):
            problems.append("«date» phải là ngày dạng «31/01» hoặc «2026-01-31».")
    return problems
