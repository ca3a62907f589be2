"""Matching the unit names an annex writes to the commune's units.

Annexes shorten and vary names («Trung tâm sự nghiệp công» for «Trung tâm Dịch vụ sự nghiệp
công», «hoá» for «hóa»), list several units in one cell, or name no unit at all («Các cơ quan,
đơn vị liên quan»). A name matches a unit when their folded words are equal, or when the
annex's words are all words of exactly one unit's name. Pure functions over (id, name) pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.vietnamese import fold

# Cells that name everyone concerned rather than a unit: kept as a note, never "unknown".
_GENERIC = re.compile(
    r"^(cac|toan the|tat ca)\b.*\b(co quan|don vi|ban nganh|to chuc|doan the|phong ban)\b"
    r"|^(co quan|don vi) lien quan$|^lien quan$"
)
_SPLIT_STRONG = re.compile(r"\s*(?:;|\n|\+)\s*")
_SPLIT_WEAK = re.compile(r"\s*(?:,|\bvà\b|\bva\b|&)\s*", re.IGNORECASE)


def _words(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", fold(name)))


def is_generic(text: str) -> bool:
    return bool(_GENERIC.search(" ".join(_words(text))))


@dataclass
class UnitMatch:
    """What one cell names: units found, names not found, and a generic note."""

    unit_ids: list[int] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    note: str = ""


class UnitMatcher:
    """Match names against one commune's units, with names mapped by the officer first."""

    def __init__(self, units: list[tuple[int, str]], mapping: dict[str, int] | None = None):
        self.units = [(pk, name, _words(name)) for pk, name in units]
        self.by_words = {words: pk for pk, _, words in self.units}
        self.mapping = {key_of(name): pk for name, pk in (mapping or {}).items()}

    def find(self, name: str) -> int | None:
        words = _words(name)
        if not words:
            return None
        mapped = self.mapping.get(" ".join(words))
        if mapped is not None:
            return mapped
        if words in self.by_words:
            return self.by_words[words]
        wanted = set(words)
        # A shortened name: most of a unit's words, in at least three (not «Trung tâm» alone).
        candidates = [
            pk
            for pk, _, unit_words in self.units
            if len(wanted) >= 3 and wanted <= set(unit_words) and 2 * len(wanted) >= len(unit_words)
        ]
        return candidates[0] if len(candidates) == 1 else None

    def match_one(self, text: str) -> tuple[int | None, str]:
        """A single unit (the lead): its id, or None and the name as written."""
        name = " ".join((text or "").split())
        return self.find(name), name

    def match_many(self, text: str) -> UnitMatch:
        """A cell of coordinating units: split on «;», new lines, then «,» and «và»."""
        result = UnitMatch()
        text = (text or "").replace("\n", ";").strip()
        if not text:
            return result
        if is_generic(text) or self.find(text) is not None:
            return self._add(result, text)
        for part in filter(None, _SPLIT_STRONG.split(text)):
            if is_generic(part) or self.find(part) is not None:
                self._add(result, part)
                continue
            pieces = [p for p in _SPLIT_WEAK.split(part) if p.strip()]
            if len(pieces) > 1 and all(self.find(p) is not None or is_generic(p) for p in pieces):
                for piece in pieces:
                    self._add(result, piece)
            else:
                result.unknown.append(" ".join(part.split()))
        return result

    def _add(self, result: UnitMatch, name: str) -> UnitMatch:
        name = " ".join(name.split())
        if is_generic(name) and self.find(name) is None:
            result.note = f"{result.note}; {name}" if result.note else name
            return result
        pk = self.find(name)
        if pk is None:
            result.unknown.append(name)
        elif pk not in result.unit_ids:
            result.unit_ids.append(pk)
        return result


def key_of(name: str) -> str:
    """The form under which a name is mapped (folded words), so «Hoá»/«Hóa» map alike."""
    return " ".join(_words(name))
