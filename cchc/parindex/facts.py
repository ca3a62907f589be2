"""What the score is computed from: a plain snapshot of a commune's year, no Django in it.

`cchc.parindex.gathering` fills it from the plans, reports and analytics selectors; the scoring
methods (`cchc.parindex.methods`) are pure functions of it, so every rule is tested on facts
written by hand and the database is read once per score, whatever the rule set asks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProductFact:
    """One product counted toward an item (a published article, a conference, a leaflet…)."""

    kind: str  # the evidence kind that reported it («portal_page»)
    kind_label: str
    channel: str  # the form it is evidence of (a plans Channel value: «portal», «radio»…)
    title: str
    date: datetime.date | None
    url: str = ""
    count: int = 1
    # Attached files and photos, when the kind gives them in `Product.extra["files"]`: each
    # {"name": "anh-hoi-nghi.jpg", "open": a callable returning a binary file} (the pack's).
    files: tuple = field(default=(), compare=False)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "channel": self.channel,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
            "count": self.count,
        }


@dataclass(frozen=True)
class ItemFact:
    """A plan item with its progress: done / target and the products behind «done»."""

    id: int
    position: int
    content: str
    channel: str
    channel_label: str
    target: int
    target_unit: str
    done: int
    period_label: str
    period_end: datetime.date | None
    products: tuple[ProductFact, ...] = ()

    @property
    def complete(self) -> bool:
        return self.done >= self.target

    @property
    def short(self) -> str:
        text = " ".join(self.content.split())
        return text if len(text) <= 90 else text[:89] + "…"


@dataclass(frozen=True)
class VisitFacts:
    """The reform section's visits over the scored days (analytics roll-ups)."""

    start: datetime.date
    end: datetime.date
    views: int
    visitors: int  # visitor-days: a sum of daily distinct visitors


@dataclass(frozen=True)
class Facts:
    commune: str
    year: int
    today: datetime.date
    plan_number: str
    plan_issued_on: datetime.date | None
    items: tuple[ItemFact, ...] = ()
    visits: VisitFacts | None = None
    channel_labels: dict[str, str] = field(default_factory=dict)

    def products(self) -> list[tuple[ItemFact, ProductFact]]:
        return [(item, product) for item in self.items for product in item.products]
