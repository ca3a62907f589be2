"""Scoring search quality against the development set of citizens' queries (cchc/search/devset).

Pure: the caller hands in a function from a query to the procedure codes it found, in rank
order, so the bench (20,000 items, a server) and the test (the real 353 procedures) score the
same way.

- recall@5: the share of queries for which a procedure the citizen would accept is among the
  first five procedures found (labels list every procedure a person would accept; one is enough
  for the person, so this is "found within five", not the share of all labels).
- MRR: the mean of 1 / rank of the first accepted procedure (0 when none is in the first 20).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DEVSET = Path(__file__).resolve().parent / "devset" / "queries.jsonl"
RECALL_AT = 5
MRR_DEPTH = 20


@dataclass(frozen=True)
class Labelled:
    query: str
    accept: frozenset[str]
    split: str  # "dev" (used while tuning) or "heldout" (only ever read as a whole figure)
    style: str  # plain, everyday, sentence, question, acronym, typo, diacritics
    field: str  # the procedure field of the first accepted code


@dataclass
class Miss:
    query: str
    rank: int | None  # rank of the first accepted procedure, None when not in the first 20
    found: list[str]  # first codes found


@dataclass
class Figures:
    queries: int = 0
    recall: float = 0.0
    mrr: float = 0.0
    misses: list[Miss] = field(default_factory=list)  # not first

    def line(self, label: str) -> str:
        return (
            f"{label}: {self.queries} queries, recall@{RECALL_AT} {self.recall:.3f}, "
            f"MRR {self.mrr:.3f}"
        )


def load_devset(path: Path = DEVSET) -> list[Labelled]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            rows.append(
                Labelled(
                    query=data["q"],
                    accept=frozenset(data["accept"]),
                    split=data["split"],
                    style=data["style"],
                    field=data["field"],
                )
            )
    return rows


def first_rank(found: list[str], accept: Iterable[str]) -> int | None:
    accepted = set(accept)
    for rank, code in enumerate(found[:MRR_DEPTH], start=1):
        if code in accepted:
            return rank
    return None


def score(labelled: list[Labelled], search: Callable[[str], list[str]]) -> Figures:
    figures = Figures(queries=len(labelled))
    if not labelled:
        return figures
    hits = 0
    reciprocal = 0.0
    for item in labelled:
        found = search(item.query)
        rank = first_rank(found, item.accept)
        if rank is not None:
            reciprocal += 1 / rank
            hits += rank <= RECALL_AT
        if rank != 1:
            figures.misses.append(Miss(item.query, rank, found[:5]))
    figures.recall = hits / len(labelled)
    figures.mrr = reciprocal / len(labelled)
    return figures


def score_splits(
    labelled: list[Labelled], search: Callable[[str], list[str]]
) -> dict[str, Figures]:
    """Figures for the tuning part, the held-out part and the whole set (searched once)."""
    cache: dict[str, list[str]] = {}

    def cached(query: str) -> list[str]:
        if query not in cache:
            cache[query] = search(query)
        return cache[query]

    return {
        "dev": score([i for i in labelled if i.split == "dev"], cached),
        "heldout": score([i for i in labelled if i.split == "heldout"], cached),
        "all": score(labelled, cached),
    }
