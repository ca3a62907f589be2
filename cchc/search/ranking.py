"""Ordering the candidates of a search (services.search calls `rerank`).

The order, most important first:

1. Relevance: concepts of the query the entry holds, a concept found in the *title* counting
   three times (a long procedure text holds "bé", "mới", "cho" somewhere; the title says what
   the procedure is), minus two for every qualifier in the title that the query does not name
   (words.toml [qualifiers]: "có yếu tố nước ngoài", "lưu động", "đăng ký lại", "cấp lại",
   "kết hợp", …). So "xin giấy khai sinh cho bé mới sinh" puts "Thủ tục đăng ký khai sinh"
   above its foreign, mobile and re-registration variants, and "khai sinh có yếu tố nước
   ngoài" still finds the foreign one first.
2. The words typed, in order, in the title or summary: with the diacritics typed, then folded.
3. Words matched with the diacritics typed.
4. Procedures before guides, documents and articles; then the shorter title (the general
   procedure's name is the short one); last, the field weights of all words matched.

Pure: the caller passes the candidates and their (id, kind, head) rows; head's first line is
the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

from cchc.search.query import ParsedQuery
from cchc.search.words import Phrase, folded_phrase, qualifiers, weak_words
from cchc.vietnamese import accent_insensitive_pattern, fold, tokenize

KIND_PRIORITY = {"procedure": 3, "guide": 2, "document": 1, "article": 0}
TITLE_BONUS = 2  # a concept in the title counts 1 + TITLE_BONUS
BIGRAM_BONUS = 2  # per pair of words typed side by side that the title holds side by side
QUALIFIER_COST = 3  # per qualifier in the title that the query does not name


class Scored(Protocol):
    entry_id: int
    matched: int
    exact_score: int
    score: int


C = TypeVar("C", bound=Scored)


def joined(tokens: Sequence[str]) -> str:
    """Folded words as " a b c ": phrase search becomes a (fast, C-level) substring test."""
    return " " + " ".join(tokens) + " "


def contains(tokens: Sequence[str] | str, phrase: Phrase) -> bool:
    """True when `phrase` occurs in `tokens` (a list, or `joined` words) as consecutive words."""
    text = tokens if isinstance(tokens, str) else joined(tokens)
    return bool(phrase) and joined(phrase) in text


def query_word_runs(query: ParsedQuery) -> list[str]:
    """The folded words typed, and each synonym phrase searched (what the query names)."""
    runs = [joined(query.folded_phrase)]
    runs.extend(joined(folded_phrase(label)) for label in query.expansions)
    return runs


def unnamed_qualifiers(runs: list[str]) -> list[tuple[str, ...]]:
    """For each qualifier the query does not name: its name phrases, joined."""
    return [
        tuple(joined(p) for p in q.in_name)
        for q in qualifiers()
        if not any(joined(p) in run for run in runs for p in q.named_by)
    ]


def unrequested_qualifiers(title: str, unnamed: list[tuple[str, ...]]) -> int:
    """How many qualifiers the query does not name stand in the (joined, folded) title."""
    return sum(any(p in title for p in phrases) for phrases in unnamed)


def title_credit(query: ParsedQuery, title_tokens: Sequence[str]) -> int:
    """Credit of the concepts of the query the title holds.

    A concept with synonyms or an acronym found in the title as a phrase counts as many times
    as the words of its longest alternative (up to 3): "thẻ BHYT" in a title says more than
    "thông tin". Otherwise, when the title holds every word typed, scattered, each counts once
    (typed "đăng ký hộ kinh doanh" for "Đăng ký thành lập hộ kinh doanh"). Weak words ("cho",
    "người", "từ") earn nothing, so "báo tử" gives "bảo vệ … từ" no credit.
    """
    words = set(title_tokens)
    title = joined(title_tokens)
    weak = weak_words()
    credit = 0
    for concept in query.concepts:
        typed = concept[0]  # parse_query puts the words as typed first
        scattered = 0
        if all(query.slots[i] & words for i in typed):
            scattered = sum(1 for i in typed if not query.slots[i] <= weak)
        phrase = 0
        if len(concept) > 1 or len(typed) > 1:
            for alt in concept:
                if contains(title, tuple(min(query.slots[i]) for i in alt)):
                    phrase = min(max(len(a) for a in concept), 3)
                    break
        credit += max(phrase, scattered)
    return credit


@lru_cache(maxsize=8192)
def title_words(head: str) -> tuple[str, ...]:
    """The folded words of the title (a head's first line); kept per process, since the same
    titles come back query after query."""
    return tuple(fold(t) for t in tokenize(head.split("\n", 1)[0]))


def query_bigrams(query: ParsedQuery) -> list[str]:
    """Pairs of meaningful words typed side by side, joined ("khai sinh" of "đăng ký khai
    sinh"); a title holding them side by side is about them, not about "sinh hoạt … khai báo"."""
    words = query.folded_phrase
    weak = weak_words()
    return [
        joined(words[i : i + 2])
        for i in range(len(words) - 1)
        if words[i] not in weak and words[i + 1] not in weak
    ]


def _phrase_regex(words: list[str], *, exact: bool) -> re.Pattern[str]:
    parts = [re.escape(w) if exact else accent_insensitive_pattern(w) for w in words]
    return re.compile(r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)", re.IGNORECASE)


def rerank(
    query: ParsedQuery, candidates: list[C], heads: Iterable[tuple[int, str, str]]
) -> list[C]:
    """`candidates` in the order described in the module's docstring."""
    if len(candidates) < 2:
        return candidates
    multiword = len(query.tokens) >= 2
    folded_re = _phrase_regex(query.folded_phrase, exact=False) if multiword else None
    exact_re = _phrase_regex(query.tokens, exact=True) if query.has_diacritics else None
    unnamed = unnamed_qualifiers(query_word_runs(query))
    bigrams = query_bigrams(query)
    keys: dict[int, tuple] = {}
    for entry_id, kind, head in heads:
        title_tokens = title_words(head)
        title = joined(title_tokens)
        keys[entry_id] = (
            TITLE_BONUS * title_credit(query, title_tokens)
            + BIGRAM_BONUS * sum(b in title for b in bigrams)
            - QUALIFIER_COST * unrequested_qualifiers(title, unnamed),
            int(bool(multiword and exact_re and exact_re.search(head))),
            int(bool(folded_re and folded_re.search(head))),
            KIND_PRIORITY.get(kind, 0),
            -len(title_tokens),
        )
    missing = (0, 0, 0, 0, 0)

    def key(c: C) -> tuple:
        relevance, exact_phrase, phrase, kind, shorter = keys.get(c.entry_id, missing)
        return (
            c.matched + relevance,
            exact_phrase,
            phrase,
            c.exact_score,
            kind,
            shorter,
            c.score,
        )

    return sorted(candidates, key=key, reverse=True)
