"""Turning what a citizen typed into what the index is asked.

A query becomes a list of *concepts*. A concept is one word ("khai") or one phrase that has
synonyms ("sổ đỏ"); it is found in an entry when one of its *alternatives* is: an alternative
is a list of *slots*, all of which the entry must contain; a slot is a set of folded index
terms, any one of which will do (a word and its typo corrections: "sihn" → {"sinh"}).

    "làm sổ đỏ ở đâu"  →  concept "làm sổ đỏ": [làm, sổ, đỏ] or [cấp, giấy, chứng, nhận, …]
                          ("ở", "đâu" are optional filler words)

Nothing here touches the database: the caller passes the synonym table and a function that
says which terms exist in the commune's vocabulary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from cchc.search.models import TERM_MAX_LENGTH
from cchc.search.words import frame_positions
from cchc.vietnamese import clean, fold, is_stopword, one_edit_variants, tokenize

MAX_QUERY_LENGTH = 200
# More words than this add nothing but cost; the rest of a pasted paragraph is ignored.
MAX_QUERY_TOKENS = 24
# Typo correction generates ~450 variants per word; a handful of words is plenty.
MAX_CORRECTED_WORDS = 6
# "One typo per longer word": any single edit from 5 letters up. Four-letter words only get a
# swap of neighbouring letters ("sihn" → "sinh"): it keeps all the letters, so it rarely turns
# one real short word into another, which substitutions do all the time (sinh/sanh/xinh).
TYPO_MIN_LENGTH = 5
SWAP_MIN_LENGTH = 4

Phrase = tuple[str, ...]
# folded phrase → [(folded phrase it should also find, that phrase as written or "" when the
# pair is an abbreviation read backwards, which is not worth telling the user about)]
SynonymMap = dict[Phrase, list[tuple[Phrase, str]]]


@dataclass
class ParsedQuery:
    text: str = ""  # cleaned and truncated, as shown back to the user
    truncated: bool = False
    tokens: list[str] = field(default_factory=list)  # every word typed, diacritics kept
    slots: list[frozenset[str]] = field(default_factory=list)
    concepts: list[list[tuple[int, ...]]] = field(default_factory=list)
    exact_terms: frozenset[str] = frozenset()  # words typed with diacritics
    corrections: dict[str, list[str]] = field(default_factory=dict)  # typed → found instead
    expansions: list[str] = field(default_factory=list)  # synonym phrases also searched

    @property
    def is_blank(self) -> bool:
        return not self.text

    @property
    def has_words(self) -> bool:
        return bool(self.concepts)

    @property
    def min_match(self) -> int:
        """How many concepts an entry must match: all of up to three, then a quarter may miss
        (a long question rarely has every one of its words in the answer)."""
        n = len(self.concepts)
        return n - n // 4

    @property
    def all_terms(self) -> frozenset[str]:
        return frozenset().union(*self.slots, self.exact_terms)

    @property
    def highlight_phrases(self) -> list[list[str]]:
        """What to <mark> in results: each word concept (and its typo corrections) on its own,
        each multi-word alternative only as a whole phrase (so "căn cước" lights up, not
        every "dân" of a text because "chứng minh nhân dân" was also searched)."""
        phrases: list[list[str]] = []
        for concept in self.concepts:
            for alternative in concept:
                if len(alternative) == 1:
                    phrases.extend([term] for term in sorted(self.slots[alternative[0]]))
                else:
                    phrases.append([min(self.slots[i]) for i in alternative])
        return phrases

    @property
    def folded_phrase(self) -> list[str]:
        return [fold(t) for t in self.tokens]

    @property
    def has_diacritics(self) -> bool:
        return any(t != fold(t) for t in self.tokens)


def _is_word(folded: str) -> bool:
    return folded.isascii() and folded.isalpha()


def synonym_map_from_rows(rows: Iterable[tuple[str, str, list[str]]]) -> SynonymMap:
    """Build the lookup from (kind, term, expansions) rows: folded phrase → other phrases.

    Abbreviations work both ways (a text may say "UBND" where the citizen typed the words).
    """
    mapping: SynonymMap = {}

    def add(src: Phrase, dst: Phrase, label: str) -> None:
        targets = mapping.setdefault(src, []) if src else []
        if src and dst and src != dst and all(dst != t for t, _ in targets):
            targets.append((dst, label))

    for kind, term, expansions in rows:
        key = tuple(fold(t) for t in tokenize(term))
        for expansion in expansions:
            phrase = tuple(fold(t) for t in tokenize(expansion))
            add(key, phrase, expansion.strip())
            if kind == "abbreviation":
                add(phrase, key, "")
    return {k: v for k, v in mapping.items() if v}


def parse_query(
    raw: str,
    *,
    synonyms: SynonymMap,
    known_terms: Callable[[set[str]], set[str]],
) -> ParsedQuery:
    """Parse `raw` (anything a browser may send) into concepts; never raises."""
    text = clean(raw or "")
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH].rstrip()
    query = ParsedQuery(text=text, truncated=truncated)
    tokens = [t for t in tokenize(text) if len(t) <= TERM_MAX_LENGTH][:MAX_QUERY_TOKENS]
    query.tokens = tokens
    if not tokens:
        return query
    folded = [fold(t) for t in tokens]

    # 1. Longest synonym phrases first, left to right; other words stand alone.
    longest = max((len(k) for k in synonyms), default=0)
    # (folded phrase, its synonyms, the words as typed)
    pieces: list[tuple[Phrase, list[tuple[Phrase, str]], list[str]]] = []
    i = 0
    while i < len(tokens):
        for length in range(min(longest, len(tokens) - i), 0, -1):
            key = tuple(folded[i : i + length])
            if key in synonyms:
                pieces.append((key, synonyms[key], tokens[i : i + length]))
                i += length
                break
        else:
            pieces.append(((folded[i],), [], [tokens[i]]))
            i += 1

    # 2. Filler words and question frames ("cần giấy tờ gì") are optional, unless the query
    # has nothing else.
    frames = frame_positions(folded)
    starts = [0]
    for piece in pieces[:-1]:
        starts.append(starts[-1] + len(piece[2]))
    meaningful = [
        p
        for p, start in zip(pieces, starts, strict=True)
        if not (len(p[2]) == 1 and start in frames) and (p[1] or not is_stopword(p[2][0]))
    ]
    pieces = meaningful or pieces

    # 3. Typo correction of single words the commune's vocabulary does not know.
    singles = {p[0][0] for p in pieces if not p[1]}
    variants: dict[str, set[str]] = {}
    for word in sorted(singles, key=len, reverse=True)[:MAX_CORRECTED_WORDS]:
        if _is_word(word) and len(word) >= SWAP_MIN_LENGTH:
            variants[word] = one_edit_variants(word, swaps_only=len(word) < TYPO_MIN_LENGTH)
    # One lookup for every word the index will be asked about: it also tells the caller how
    # common each word is.
    lookup = set(singles).union(*variants.values())
    for phrase, expansions, _typed in pieces:
        for alternative in [phrase, *(e for e, _ in expansions)] if expansions else []:
            lookup.update(alternative)
    known = known_terms(lookup)

    slot_index: dict[frozenset[str], int] = {}

    def slot(terms: frozenset[str]) -> int:
        return slot_index.setdefault(terms, len(slot_index))

    seen: set[tuple] = set()
    for phrase, expansions, _typed in pieces:
        alternatives: list[tuple[int, ...]] = []
        if expansions:
            for alt in [phrase, *(e for e, _ in expansions)]:
                alternatives.append(tuple(slot(frozenset({w})) for w in alt))
            query.expansions.extend(label for _, label in expansions if label)
        else:
            word = phrase[0]
            terms = {word}
            if word not in known and word in variants:
                found = sorted(variants[word] & known)
                if found:
                    terms = set(found)
                    query.corrections[word] = found
            alternatives.append((slot(frozenset(terms)),))
        signature = tuple(alternatives)
        if signature not in seen:  # "khai sinh khai sinh" is two concepts, not four
            seen.add(signature)
            query.concepts.append(alternatives)
    query.slots = sorted(slot_index, key=slot_index.__getitem__)
    query.exact_terms = frozenset(
        t for p in pieces for t in p[2] if t != fold(t) and not is_stopword(t)
    )
    return query
