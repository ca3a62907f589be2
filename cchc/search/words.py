"""The built-in word lists of search (cchc/search/data/words.toml), read once per process.

Everyday words and acronyms by field of the 353 commune-level procedures, the qualifiers that
make a procedure a special case, and the frames of a question. Staff-edited synonyms
(SearchSynonym) are added on top of these by selectors.synonym_map().
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cchc.vietnamese import fold, tokenize

WORDS_FILE = Path(__file__).resolve().parent / "data" / "words.toml"

Phrase = tuple[str, ...]


def folded_phrase(text: str) -> Phrase:
    return tuple(fold(t) for t in tokenize(text))


@dataclass(frozen=True)
class Qualifier:
    """Words in a procedure name that make it a special case (e.g. "có yếu tố nước ngoài")."""

    name: str
    in_name: tuple[Phrase, ...]
    named_by: tuple[Phrase, ...]


@cache
def _data() -> dict:
    return tomllib.loads(WORDS_FILE.read_text(encoding="utf-8"))


@cache
def synonym_rows() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(kind, term, expansions) rows, as SearchSynonym rows are: kind "synonym" (one way) or
    "abbreviation" (both ways)."""
    rows: list[tuple[str, str, tuple[str, ...]]] = []
    for key, section in _data().items():
        if not isinstance(section, dict) or key == "qualifiers":
            continue
        for kind, table in (("synonym", "everyday"), ("abbreviation", "abbreviations")):
            for term, expansions in section.get(table, {}).items():
                rows.append((kind, term, tuple(expansions)))
    return tuple(rows)


@cache
def qualifiers() -> tuple[Qualifier, ...]:
    return tuple(
        Qualifier(
            name=name,
            in_name=tuple(folded_phrase(p) for p in spec["in_name"]),
            named_by=tuple(folded_phrase(p) for p in spec["named_by"]),
        )
        for name, spec in _data().get("qualifiers", {}).items()
    )


@cache
def weak_words() -> frozenset[str]:
    """Folded words that earn a title no credit ("cho", "của", "người", …)."""
    return frozenset(fold(w) for w in _data().get("weak_words", []))


@cache
def question_frames() -> tuple[Phrase, ...]:
    """Folded question frames, longest first (so "cần những giấy tờ gì" wins over "cần gì")."""
    frames = {folded_phrase(p) for p in _data().get("question_frames", [])}
    return tuple(sorted((f for f in frames if f), key=len, reverse=True))


def frame_positions(folded_tokens: list[str]) -> set[int]:
    """Positions of tokens that belong to a question frame (longest frames first, no overlap)."""
    taken: set[int] = set()
    frames = question_frames()
    i = 0
    while i < len(folded_tokens):
        for frame in frames:
            n = len(frame)
            if tuple(folded_tokens[i : i + n]) == frame and not taken & set(range(i, i + n)):
                taken.update(range(i, i + n))
                i += n
                break
        else:
            i += 1
    return taken
