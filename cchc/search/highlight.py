"""Snippets and <mark> highlighting of matched words, HTML-escaped everywhere else."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cchc.vietnamese import accent_insensitive_pattern

SNIPPET_LENGTH = 240
SNIPPET_LEAD = 80  # characters of context shown before the first match


def words_pattern(phrases: Iterable[list[str]]) -> re.Pattern[str] | None:
    """One regex finding any of the folded phrases as whole words, with or without diacritics
    and with any spacing or punctuation between the words."""
    unique = {tuple(p) for p in phrases if p}
    if not unique:
        return None
    ordered = sorted(unique, key=lambda p: (-len(p), -len(" ".join(p))))  # longest first
    alternatives = "|".join(
        r"\W+".join(accent_insensitive_pattern(word) for word in phrase) for phrase in ordered
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def highlight(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    """`text` escaped, with every match wrapped in <mark>."""
    if pattern is None:
        return escape(text)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    # Safe: every piece of `text` went through escape(); only our own <mark> tags are raw.
    return mark_safe("".join(out))  # noqa: S308


def snippet(text: str, pattern: re.Pattern[str] | None) -> SafeString:
    """About SNIPPET_LENGTH characters of `text` around its first match, highlighted."""
    text = " ".join(text.split())
    match = pattern.search(text) if pattern is not None else None
    start = 0
    if match and match.start() > SNIPPET_LEAD:
        start = match.start() - SNIPPET_LEAD
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start() else start  # don't cut a word in two
    end = start + SNIPPET_LENGTH
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    body = highlight(window, pattern)
    return mark_safe(("… " if start else "") + body + (" …" if end < len(text) else ""))  # noqa: S308
