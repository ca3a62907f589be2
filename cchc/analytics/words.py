"""Which searches the statistics report may quote as words in its recommendations.

The visitor threshold (search_figures.SEARCH_MIN_VISITORS, applied by top_searches) already
keeps a name typed by one person out of every list. A query typed by enough visitors can still
be junk — a key held down ("aaaaaaa"), a lone symbol ("#"), one letter, a pasted paragraph — and
a report signed by the commune's chairman must not recommend "bổ sung nội dung về «#»". The
dashboard and the spreadsheets keep listing such rows (they are figures); only the sentences of
the report quote words, so only they apply this rule (docs/decisions/0014).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

__all__ = ["QUOTE_MAX_CHARS", "QUOTE_MIN_CHARS", "is_quotable", "quotable"]

QUOTE_MIN_CHARS = 3
QUOTE_MAX_CHARS = 60

_Row = TypeVar("_Row")


def is_quotable(text: str) -> bool:
    """True for a query worth quoting: 3–60 characters, a letter or digit, not one key repeated."""
    words = " ".join(text.split())
    if not QUOTE_MIN_CHARS <= len(words) <= QUOTE_MAX_CHARS:
        return False
    if not any(c.isalnum() for c in words):
        return False
    # "aaaa", "a a a a", "1111": one character held down or repeated is not a question.
    return len(set(words.replace(" ", "").casefold())) > 1


def quotable(rows: Iterable[_Row], *, limit: int | None = None) -> list[_Row]:
    """The rows (anything with a `.text`) whose text is quotable, in order, at most `limit`."""
    kept = [row for row in rows if is_quotable(row.text)]  # type: ignore[attr-defined]
    return kept if limit is None else kept[:limit]
