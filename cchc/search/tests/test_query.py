"""Query parsing without a database: synonyms, typos, filler words, limits."""

from __future__ import annotations

from cchc.search.query import parse_query, synonym_map_from_rows

SYNONYMS = synonym_map_from_rows(
    [
        ("abbreviation", "ubnd", ["ủy ban nhân dân"]),
        ("abbreviation", "cccd", ["căn cước công dân", "căn cước"]),
        ("synonym", "sổ đỏ", ["giấy chứng nhận quyền sử dụng đất"]),
        ("synonym", "làm sổ đỏ", ["cấp giấy chứng nhận quyền sử dụng đất"]),
    ]
)
VOCABULARY = {"sinh", "khai", "dang", "ky", "chung", "nhan", "thuong", "tru"}


def parse(text: str):
    return parse_query(text, synonyms=SYNONYMS, known_terms=lambda terms: terms & VOCABULARY)


def test_plain_words_become_one_concept_each():
    q = parse("Đăng ký khai sinh")
    assert q.tokens == ["đăng", "ký", "khai", "sinh"]
    assert len(q.concepts) == 4
    assert [set(s) for s in q.slots] == [{"dang"}, {"ky"}, {"khai"}, {"sinh"}]
    assert q.exact_terms == {"đăng", "ký"}
    assert q.has_diacritics


def test_abbreviations_work_both_ways():
    assert SYNONYMS[("ubnd",)][0][0] == ("uy", "ban", "nhan", "dan")
    assert SYNONYMS[("uy", "ban", "nhan", "dan")][0][0] == ("ubnd",)
    q = parse("ubnd")
    assert len(q.concepts) == 1 and len(q.concepts[0]) == 2
    assert q.expansions == ["ủy ban nhân dân"]
    assert parse("ủy ban nhân dân").expansions == []  # found, but not worth telling


def test_synonyms_work_one_way_and_the_longest_phrase_wins():
    assert ("giay", "chung", "nhan", "quyen", "su", "dung", "dat") not in SYNONYMS
    q = parse("làm sổ đỏ")
    assert q.expansions == ["cấp giấy chứng nhận quyền sử dụng đất"]
    q = parse("so do")
    assert q.expansions == ["giấy chứng nhận quyền sử dụng đất"]


def test_a_swap_in_a_four_letter_word_is_corrected():
    q = parse("khai sihn")
    assert q.corrections == {"sihn": ["sinh"]}
    assert frozenset({"sinh"}) in q.slots


def test_one_edit_in_a_longer_word_is_corrected_but_not_two():
    assert parse("thuongg").corrections == {"thuongg": ["thuong"]}
    assert parse("chng").corrections == {}  # 4 letters: only swaps
    assert parse("thuonggg").corrections == {}


def test_known_words_are_not_corrected():
    assert parse("khai sinh").corrections == {}


def test_filler_words_are_optional_unless_nothing_else_is_left():
    q = parse("tôi muốn đăng ký thường trú như thế nào")
    assert [q.slots[c[0][0]] for c in q.concepts] == [
        {"dang"},
        {"ky"},
        {"thuong"},
        {"tru"},
    ]
    assert len(parse("như thế nào").concepts) == 3


def test_min_match_lets_long_questions_miss_a_word():
    assert parse("khai sinh").min_match == 2
    assert parse("đăng ký khai sinh").min_match == 3
    assert parse("a b c d e f g h").min_match == 6


def test_blank_symbol_only_and_long_queries():
    assert parse("").is_blank and parse("   \x00\u200b ").is_blank
    q = parse("!!! ??? @@@")
    assert not q.is_blank and not q.has_words
    q = parse("khai sinh " * 40)
    assert q.truncated and len(q.text) <= 200
    assert len(q.concepts) == 2  # repeated words count once


def test_odd_unicode_does_not_break_parsing():
    for text in ["😀😀", "\u202eđăng ký", "ｋｈａｉ ｓｉｎｈ", "\ud7ff", "a" * 500, "<script>"]:
        parse(text)
    assert parse("ｋｈａｉ").tokens == ["ｋｈａｉ"]
