"""Pure text functions for Vietnamese search: folding, tokenizing, typo distance.

Nothing here imports Django: these are plain functions over `str`, so the search index, the
speech scripts and any command-line tool share exactly the same notion of "the same word".

Vocabulary used below:
- *folded* text: lower case, every diacritic removed, đ → d ("Đăng ký" → "dang ky"). Citizens
  often type this way (phones without a Vietnamese keyboard, haste), so the index stores it.
- *token*: one word or number of a text, lower case, diacritics kept ("đăng", "1.001193").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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

# Every lower-case Vietnamese vowel in all six tone forms (none, huyền, sắc, hỏi, ngã, nặng),
# plus đ. Upper case follows from str.upper(). Kept as data so tests and regex building use it.
_VOWEL_ROWS = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
]
VIETNAMESE_LETTERS: str = "".join(_VOWEL_ROWS) + "đ"

# Letters that Unicode decomposition does not reduce to a base letter: đ/Đ is a letter of its
# own (U+0111), not d + a combining stroke, so NFKD leaves it alone. ð/Ð (Icelandic eth) is a
# frequent look-alike typed or pasted instead of Đ.
_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"}


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _fold_one(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    # Lower-casing can itself produce a combining mark ("İ" → "i̇"), so strip twice.
    return _strip_marks(_strip_marks(char).lower())


class _FoldTable(dict):
    """A str.translate table filled lazily, one character at a time, then cached forever.

    str.translate runs in C; only the first sight of each distinct character costs a Python call.
    """

    def __missing__(self, code: int) -> str:
        folded = _fold_one(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case `text` and strip every diacritic, with đ/Đ → d. Non-letters are kept.

    NFC and NFD input give the same result ("Việt" typed either way → "viet").
    """
    if text.isascii():
        return text.lower()
    # NFC first so that a base letter and its combining marks form one code point, which the
    # table maps in one step; stray marks with no precomposed form fold to "" on their own.
    return unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)


# A token is a run of letters/digits; a dotted or comma'd number ("1.001193", "2,5") stays one
# token so procedure codes and decimals can be searched as typed. "_" is not a word character.
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+")


def tokenize(text: str) -> list[str]:
    """Words and numbers of `text`, lower case, diacritics kept, in order.

    >>> tokenize("Thủ tục đăng ký khai sinh (mã 1.001193).")
    ['thủ', 'tục', 'đăng', 'ký', 'khai', 'sinh', 'mã', '1.001193']
    """
    return _TOKEN_RE.findall(unicodedata.normalize("NFC", text).lower())


def fold_tokens(text: str) -> list[str]:
    """tokenize() then fold() each token: the form the search index compares."""
    return [fold(token) for token in tokenize(text)]


_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}


def clean(text: str) -> str:
    """NFC text without control/format/unassigned characters and with single spaces.

    Query strings arrive from anywhere: NUL bytes (which PostgreSQL refuses to store),
    zero-width joiners, bidi overrides. None of them carries meaning for search.
    """
    text = unicodedata.normalize("NFC", text)
    kept = (
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
    )
    return " ".join("".join(kept).split())


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when `a` becomes `b` with at most one insertion, deletion, substitution or swap of
    two neighbouring letters (Damerau–Levenshtein distance ≤ 1)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    # Skip the common prefix; the rest must differ by exactly one edit.
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:  # substitution
            return True
        # swap of neighbours: "sihn" / "sinh"
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:  # deletion from a
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]  # insertion into a


_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit_variants(
    word: str, *, alphabet: str = _ASCII_LETTERS, swaps_only: bool = False
) -> set[str]:
    """Every string at edit distance exactly 1 from `word` (see edit_distance_at_most_one).

    Meant for folded words, hence the a–z alphabet. Generating variants and looking them up in
    an index is much cheaper than comparing the word with every word of the index.
    `swaps_only` limits the variants to neighbour swaps, the one slip that keeps all letters.
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    variants = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    if not swaps_only:
        variants |= {left + right[1:] for left, right in splits if right}
        variants |= {left + c + right[1:] for left, right in splits if right for c in alphabet}
        variants |= {left + c + right for left, right in splits for c in alphabet}
    variants.discard(word)
    return variants


@lru_cache(maxsize=1)
def _letter_classes() -> dict[str, str]:
    """Folded letter → regex class of every Vietnamese letter that folds to it ("d" → "[dđ]")."""
    groups: dict[str, set[str]] = {}
    for ch in VIETNAMESE_LETTERS:
        groups.setdefault(fold(ch), {fold(ch)}).add(ch)
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in groups.items()}


def accent_insensitive_pattern(folded_word: str) -> str:
    """Regex source matching `folded_word` written with or without any diacritics.

    "dang" → "[dđ][aàáạảãâầấậẩẫăằắặẳẵ]ng". Use with re.IGNORECASE for upper case. The regex
    runs over the original text, so highlighting needs no mapping between folded and original
    character positions.
    """
    classes = _letter_classes()
    return "".join(classes.get(ch, re.escape(ch)) for ch in folded_word)


# Words that carry no meaning in a citizen's question ("tôi muốn", "như thế nào", "ạ"). They
# are optional in queries: a result need not contain them. Folding makes many of them collide
# with real words ("bao" is also "bảo" of "bảo hiểm", "the" is also "thẻ"), so the list is of
# words as written with diacritics; only the unambiguous ones also count when typed without.
QUERY_STOPWORDS: frozenset[str] = frozenset(
    "ạ cách cần của đâu để đi được gì hỏi không là làm mình muốn nào nhé nhiêu như ở ơi "
    "phải thế thì tôi và vậy với".split()
)
_UNAMBIGUOUS_FOLDED_STOPWORDS = frozenset(
    "cua duoc gi khong muon nao nhe nhieu nhu oi vay xin".split()
)


def is_stopword(token: str) -> bool:
    """True for a filler word of a question (see QUERY_STOPWORDS); `token` as from tokenize()."""
    if token.isascii():
        return token in _UNAMBIGUOUS_FOLDED_STOPWORDS
    return token in QUERY_STOPWORDS
