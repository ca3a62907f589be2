"""Highlighting and snippets: matched words in <mark>, everything else escaped."""

from __future__ import annotations

from cchc.search.highlight import highlight, snippet, words_pattern


def test_words_are_marked_with_or_without_diacritics():
    pattern = words_pattern([["dang"], ["ky"]])
    assert highlight("Đăng ký KHAI sinh", pattern) == "<mark>Đăng</mark> <mark>ký</mark> KHAI sinh"


def test_only_whole_words_are_marked():
    assert highlight("đăngký kỳ", words_pattern([["ky"]])) == "đăngký <mark>kỳ</mark>"


def test_phrases_are_marked_only_as_a_whole():
    pattern = words_pattern([["can", "cuoc"]])
    assert highlight("Thẻ căn cước; căn nhà", pattern) == "Thẻ <mark>căn cước</mark>; căn nhà"


def test_html_in_content_is_escaped():
    pattern = words_pattern([["sinh"]])
    out = highlight('<script>alert("sinh")</script> sinh', pattern)
    assert "<script>" not in out
    assert out == (
        "&lt;script&gt;alert(&quot;<mark>sinh</mark>&quot;)&lt;/script&gt; <mark>sinh</mark>"
    )


def test_a_query_that_looks_like_html_is_matched_as_text():
    pattern = words_pattern([["script"]])
    assert highlight("<b>script</b>", pattern) == "&lt;b&gt;<mark>script</mark>&lt;/b&gt;"
    assert highlight("<b>x</b>", None) == "&lt;b&gt;x&lt;/b&gt;"


def test_snippet_is_a_window_around_the_first_match():
    text = ("Lorem ipsum " * 40) + "thủ tục đăng ký khai sinh " + ("dolor sit " * 40)
    out = snippet(text, words_pattern([["khai"]]))
    assert out.startswith("… ") and out.endswith(" …")
    assert "<mark>khai</mark>" in out
    assert len(out) < 320


def test_snippet_without_match_is_the_beginning():
    assert snippet("Ngắn gọn.", words_pattern([["xyz"]])) == "Ngắn gọn."
    assert snippet("", None) == ""
