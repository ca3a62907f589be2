"""Pure text functions for Vietnamese (no Django import here; see apps.py for the app config)."""

from __future__ import annotations

from cchc.vietnamese.text import (
    QUERY_STOPWORDS,
    VIETNAMESE_LETTERS,
    accent_insensitive_pattern,
    clean,
    edit_distance_at_most_one,
    fold,
    fold_tokens,
    is_stopword,
    one_edit_variants,
    tokenize,
)

__all__ = [
    "QUERY_STOPWORDS",
    "VIETNAMESE_LETTERS",
    "accent_insensitive_pattern",
    "clean",
    "edit_distance_at_most_one",
    "fold",
    "fold_tokens",
    "is_stopword",
    "one_edit_variants",
    "tokenize",
]
