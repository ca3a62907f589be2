"""The evidence contract: what counts toward a plan item, supplied by the apps that record work.

Plans imports none of the apps that produce work (radio bulletins, events, contests…). Each of
them registers a kind, from its own `AppConfig.ready`:

    from cchc.plans.evidence import Product, register_evidence_kind

    def bulletins_for(items):  # items: a list of PlanItem, all of one plan
        return {item_id: [Product(kind="radio", title=…, date=…, url=…)], …}

    register_evidence_kind("radio", "Tin, bài phát thanh", bulletins_for)

A counter takes the items of a plan at once (one query per kind, not per item) and returns,
for the items it knows, the products that count toward them: only products of the item's own
commune, dated within the plan's year. `products_for_items` asks every kind and merges.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cchc.plans.models import PlanItem


@dataclass(frozen=True)
class Product:
    """One piece of work done toward an item: what, when, where to see it."""

    kind: str
    title: str
    date: datetime.date | None
    url: str = ""
    count: int = 1  # a product may count for several (a conference counts once, a series more)
    extra: dict = field(default_factory=dict, compare=False, hash=False)


Counter = Callable[[Sequence["PlanItem"]], dict[int, list[Product]]]


@dataclass(frozen=True)
class EvidenceKind:
    kind: str
    label: str
    counter: Counter


_KINDS: dict[str, EvidenceKind] = {}


def register_evidence_kind(kind: str, label: str, counter: Counter) -> None:
    """Register (or replace, on a second ready()) the counter of one kind of product."""
    _KINDS[kind] = EvidenceKind(kind, label, counter)


def evidence_kinds() -> list[EvidenceKind]:
    return list(_KINDS.values())


def products_for_items(items: Sequence[PlanItem]) -> dict[int, list[Product]]:
    """Every registered kind's products per item id, newest first."""
    merged: dict[int, list[Product]] = {item.pk: [] for item in items}
    if not items:
        return merged
    for kind in _KINDS.values():
        for item_id, products in kind.counter(items).items():
            if item_id in merged:
                merged[item_id].extend(products)
    for products in merged.values():
        products.sort(key=lambda p: (p.date or datetime.date.min, p.title), reverse=True)
    return merged
