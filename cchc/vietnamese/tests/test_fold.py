"""Unit tests of the pure Vietnamese text functions (no database)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from cchc.vietnamese import (
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

# Each base vowel with its six tone forms: none, huyền, sắc, hỏi, ngã, nặng.
TONES = {
    "a": "aàáảãạ",
    "ă": "ăằắẳẵặ",
    "â": "âầấẩẫậ",
    "e": "eèéẻẽẹ",
    "ê": "êềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọ",
    "ô": "ôồốổỗộ",
    "ơ": "ơờớởỡợ",
    "u": "uùúủũụ",
    "ư": "ưừứửữự",
    "y": "yỳýỷỹỵ",
}
BASE = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u"}

ALL_VOWELS = [(ch, BASE.get(vowel, vowel)) for vowel, row in TONES.items() for ch in row]


def test_the_table_covers_twelve_vowels_times_six_tones():
    assert len(ALL_VOWELS) == 72
    assert len(set(VIETNAMESE_LETTERS)) == 73  # and đ


@pytest.mark.parametrize(("letter", "base"), ALL_VOWELS)
def test_every_vowel_with_every_tone_folds_to_its_base(letter, base):
    assert fold(letter) == base


@pytest.mark.parametrize(("letter", "base"), ALL_VOWELS)
def test_upper_case_vowels_fold_to_lower_case_base(letter, base):
    assert fold(letter.upper()) == base


@pytest.mark.parametrize(("letter", "base"), ALL_VOWELS)
def test_decomposed_input_folds_like_composed(letter, base):
    nfd = unicodedata.normalize("NFD", letter)
    assert fold(nfd) == base
    assert tokenize(nfd) == [letter]  # NFD input comes back as one NFC token


def test_d_with_stroke_folds_to_d_which_nfkd_alone_does_not():
    assert unicodedata.normalize("NFKD", "đ") == "đ"  # the trap this function exists for
    assert fold("đ") == "d"
    assert fold("Đ") == "d"
    assert fold("ĐĂNG KÝ") == "dang ky"
    assert fold("Ðăng") == "dang"  # eth look-alike pasted from elsewhere


def test_whole_sentences():
    assert fold("Thủ tục đăng ký khai sinh") == "thu tuc dang ky khai sinh"
    assert fold("ỦY BAN NHÂN DÂN XÃ ĐỨC THỌ") == "uy ban nhan dan xa duc tho"
    assert fold("Quyền sử dụng đất, quyền sở hữu nhà ở") == "quyen su dung dat, quyen so huu nha o"
    # Old-style tone placement (uỷ) and new style (ủy) are the same word.
    assert fold("uỷ ban") == fold("ủy ban") == "uy ban"


def test_nfc_and_nfd_whole_text_agree():
    text = "Nghị định số 118/2025/NĐ-CP về thực hiện thủ tục hành chính theo cơ chế một cửa"
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


def test_non_letters_are_kept_and_ascii_is_fast_path():
    assert fold("Mã 1.001193 — (ok)!") == "ma 1.001193 — (ok)!"
    assert fold("ABC def") == "abc def"
    assert fold("") == ""
    assert fold("😀 café") == "😀 cafe"


def test_tokenize_keeps_diacritics_lowercases_and_splits_on_punctuation():
    assert tokenize("Thủ tục đăng ký khai sinh (mã 1.001193).") == [
        "thủ",
        "tục",
        "đăng",
        "ký",
        "khai",
        "sinh",
        "mã",
        "1.001193",
    ]
    assert tokenize("Kế hoạch 15/KH-UBND ngày 04/5/2026") == [
        "kế",
        "hoạch",
        "15",
        "kh",
        "ubnd",
        "ngày",
        "04",
        "5",
        "2026",
    ]
    assert tokenize("snake_case") == ["snake", "case"]
    assert tokenize("!!! ??? ...") == []
    assert tokenize("") == []


def test_fold_tokens():
    assert fold_tokens("Đăng ký KHAI SINH") == ["dang", "ky", "khai", "sinh"]


def test_clean_drops_invisible_characters_and_collapses_spaces():
    assert clean("  đăng\x00 ký\u200b\n khai\u202esinh  ") == "đăng ký khaisinh"
    assert clean(unicodedata.normalize("NFD", "Việt")) == "Việt"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("sinh", "sinh", True),
        ("sihn", "sinh", True),  # neighbour swap
        ("khaisinh", "khaisnh", True),  # deletion
        ("chung", "chungg", True),  # insertion
        ("nhan", "nhin", True),  # substitution
        ("nhan", "nhin2", False),
        ("abcd", "badc", False),  # two swaps
        ("abc", "abcde", False),
        ("", "a", True),
        ("ab", "ba", True),
        ("abc", "cba", False),
    ],
)
def test_edit_distance_at_most_one(a, b, expected):
    assert edit_distance_at_most_one(a, b) is expected
    assert edit_distance_at_most_one(b, a) is expected


def test_one_edit_variants_agree_with_the_distance_function():
    word = "sinh"
    variants = one_edit_variants(word)
    assert "sihn" in variants and "sin" in variants and "sinhh" in variants and "xinh" in variants
    assert word not in variants
    assert all(edit_distance_at_most_one(word, v) for v in variants)
    assert one_edit_variants("sihn", swaps_only=True) == {"ishn", "shin", "sinh"}


def test_accent_insensitive_pattern_matches_every_spelling():
    pattern = re.compile(r"\b" + accent_insensitive_pattern("dang ky") + r"\b", re.IGNORECASE)
    for text in ["đăng ký", "ĐĂNG KÝ", "dang ky", "Đẳng kỳ", "dáng kỷ"]:
        assert pattern.search(text), text
    assert not pattern.search("đăng kýs")
    assert accent_insensitive_pattern("1.0") == r"1\.0"


def test_stopwords_only_when_unambiguous():
    assert is_stopword("như") and is_stopword("nhu") and is_stopword("thế")
    assert not is_stopword("the")  # could be "thẻ" (thẻ bảo hiểm y tế)
    assert not is_stopword("bao")  # could be "bảo" (bảo hiểm) typed without diacritics
    assert not is_stopword("can")  # could be "căn" (căn cước)
    assert is_stopword("cần") and is_stopword("tôi") and is_stopword("khong")
    assert not is_stopword("đăng")
