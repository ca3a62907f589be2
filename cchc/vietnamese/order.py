"""Numbers written the Vietnamese way and the Vietnamese dictionary order (no Django)."""

from __future__ import annotations

import unicodedata


def thousands(number: int) -> str:
    """12.345: the Vietnamese thousands separator is a dot."""
    return f"{number:,}".replace(",", ".")


# Marks that make a different letter (ă, â, ê, ô, ơ, ư) sort at the first level; tone marks only
# break ties, in the traditional order: ngang, huyền, hỏi, ngã, sắc, nặng.
_LETTER_MARKS = {"\u0306": "1", "\u0302": "2", "\u031b": "3"}
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def sort_key(text: str) -> tuple[str, str, str]:
    """Dictionary order for Vietnamese: a < ă < â < b … d < đ, tones only break ties."""
    primary: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        if ch in _LETTER_MARKS and primary:
            primary[-1] = primary[-1][:-1] + _LETTER_MARKS[ch]
        elif ch in _TONE_MARKS:
            tones.append(_TONE_MARKS[ch])
        elif unicodedata.combining(ch):
            continue
        elif ch == "đ":
            primary.append("d9")
        else:
            primary.append(ch + "0")
            tones.append("0")
    return "".join(primary), "".join(tones), text
