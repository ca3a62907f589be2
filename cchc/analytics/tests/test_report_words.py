"""Issue 10 item 7: the statistics report quotes only real words people searched for.

Junk typed by enough visitors (a key held down, a lone symbol, one letter, a pasted paragraph)
and any query typed by fewer than three visitors never appear in the DOCX report or in its
recommendations; a real query typed by three visitors does.
"""

from __future__ import annotations

import io

import pytest
from docx import Document

from cchc.analytics.export_report import assessment, write_docx
from cchc.analytics.periods import Period
from cchc.analytics.search_figures import SEARCH_MIN_VISITORS
from cchc.analytics.selectors import figures
from cchc.analytics.tests.test_dashboard import days_ago, rollup
from cchc.analytics.words import is_quotable
from cchc.search.querylog import log_query

LONG = "thu tuc " * 12 + "dang ky ket hon"  # > 60 characters, real letters
assert len(LONG) > 60
JUNK = ["aaaaaaaaaaaa", "a a a a", "1111", "#", "?!", "x", "ab", LONG]
REAL = "dang ky thuong tru"
LONELY_NAME = "nguyen van binh"


def _visitor(n: int) -> str:
    return f"{n:016x}"


@pytest.fixture
def searched(commune_a):
    for n in range(SEARCH_MIN_VISITORS):
        for junk in JUNK:
            log_query(commune_a, junk, 0, visitor=_visitor(n))
        log_query(commune_a, REAL, 0, visitor=_visitor(n))
    for _ in range(5):  # often, but by one visitor only
        log_query(commune_a, LONELY_NAME, 0, visitor=_visitor(99))
    rollup(commune_a)


def _report(commune) -> tuple[str, list[str]]:
    fig = figures(commune, Period(days_ago(13), days_ago(0)), top=None, searches=None)
    document = Document(io.BytesIO(write_docx(fig)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    return text, assessment(fig)


@pytest.mark.django_db
def test_the_report_quotes_a_real_query_of_three_visitors_and_no_junk(commune_a, searched):
    text, sentences = _report(commune_a)
    recommendation = next(s for s in sentences if "không có kết quả" in s)

    assert f"«{REAL}»" in recommendation
    assert REAL in text
    for junk in JUNK:
        assert f"«{junk}»" not in recommendation
        assert junk.strip() not in _quoted_cells(text), junk
    assert LONELY_NAME not in text
    assert "«#»" not in text and "«x»" not in text


def _quoted_cells(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


@pytest.mark.django_db
def test_no_sentence_says_for_example_when_only_junk_found_nothing(commune_a):
    for n in range(SEARCH_MIN_VISITORS):
        log_query(commune_a, "#", 0, visitor=_visitor(n))
        log_query(commune_a, "zzzzzz", 0, visitor=_visitor(n))
    rollup(commune_a)
    _, sentences = _report(commune_a)
    recommendation = next(s for s in sentences if "không có kết quả" in s)
    assert recommendation.startswith("Có 6 lượt tìm kiếm không có kết quả (2 từ khóa khác nhau).")
    assert "ví dụ" not in recommendation and "«" not in recommendation


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("khai sinh", True),
        ("abc", True),
        ("1.001193", True),
        ("  so  do  ", True),
        ("x" * 60, False),
        ("ab" * 30, True),
        ("ab" * 31, False),
        ("aaaa", False),
        ("A a A", False),
        ("#", False),
        ("#$%^&*", False),
        ("ab", False),
        ("  x  ", False),
        ("", False),
        ("đđđ", False),
        ("đăk", True),
    ],
)
def test_is_quotable(query: str, expected: bool) -> None:
    assert is_quotable(query) is expected
