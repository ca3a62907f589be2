"""Privacy of the search log (issue 9): a query is listed to staff only when at least three
different visitors typed it, and the raw log is kept for CCHC_ANALYTICS_RAW_DAYS only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cchc.analytics.models import DailyCount, ExportJob
from cchc.analytics.periods import Period
from cchc.analytics.search_figures import search_counts
from cchc.analytics.selectors import figures
from cchc.analytics.services import prune, rollup_all
from cchc.analytics.tests.test_dashboard import EXPORT_URL, URL, days_ago, staff, text
from cchc.search.models import SearchQuery
from cchc.search.querylog import log_query

ONCE = "nguyen van binh"  # a name typed by one person
TWICE = "tran thi cuc"  # by two
COMMON = "khai sinh"  # by three


def _visitor(n: int) -> str:
    return f"{n:016x}"


@pytest.fixture
def searches(commune_a):
    log_query(commune_a, "Nguyễn Văn Bình", 0, visitor=_visitor(1))
    for _ in range(4):  # one person again and again is still one person
        log_query(commune_a, "nguyen van binh", 0, visitor=_visitor(1))
    for n in (1, 2):
        log_query(commune_a, "Trần Thị Cúc", 0, visitor=_visitor(n))
    for n in (1, 2, 3):
        log_query(commune_a, "khai sinh", 4, visitor=_visitor(n))
        log_query(commune_a, "so do", 0, visitor=_visitor(n))
    log_query(commune_a, "khong ro ai", 0)  # logged before visitors were: never listed


@pytest.fixture
def coordinator(client_a, commune_a):
    client_a.force_login(staff("dieu-phoi-a", commune_a))
    return client_a


def test_the_dashboard_lists_only_queries_of_three_visitors(coordinator, searches):
    page = text(coordinator.get(URL))
    assert COMMON in page and "so do" in page  # top list and the no-result list
    for private in (ONCE, TWICE, "khong ro ai"):
        assert private not in page
    fig = coordinator.get(URL).context["fig"]
    assert [(s.text, s.count) for s in fig.searches] == [(COMMON, 3), ("so do", 3)]
    assert [s.text for s in fig.no_result] == ["so do"]
    # The totals still count every search, listed or not.
    assert (fig.search_total, fig.no_result_total) == (14, 11)


def _export_file(client, commune, fmt: str, capture) -> bytes:
    with capture(execute=True):
        response = client.post(
            EXPORT_URL,
            {
                "xa": commune.id,
                "format": fmt,
                "tu": days_ago(6).strftime("%d/%m/%Y"),
                "den": days_ago(0).strftime("%d/%m/%Y"),
            },
        )
    assert response.status_code == 302
    job = ExportJob.objects.filter(format=fmt).latest("created_at")
    assert job.status == "done", job.message
    with job.file.open("rb") as handle:
        return handle.read()


def _file_text(fmt: str, data: bytes) -> str:
    if fmt == "csv":
        return data.decode("utf-8-sig")
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data), read_only=True)
        return " ".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(parts)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "docx"])
def test_exports_list_only_queries_of_three_visitors(
    coordinator, commune_a, searches, fmt, django_capture_on_commit_callbacks
):
    content = _file_text(
        fmt, _export_file(coordinator, commune_a, fmt, django_capture_on_commit_callbacks)
    )
    assert COMMON in content and "so do" in content
    for private in (ONCE, TWICE, "khong ro ai"):
        assert private not in content


def test_a_name_becomes_listed_once_a_third_visitor_types_it(coordinator, commune_a, searches):
    log_query(commune_a, "Trần Thị Cúc", 0, visitor=_visitor(3))
    assert TWICE in text(coordinator.get(URL))
    assert ONCE not in text(coordinator.get(URL))


def test_the_search_page_logs_the_visitors_hash(commune_a, coordinator):
    # One person three times (same address, same browser): not listed.
    public = Client(HTTP_HOST="duc-tho.localhost")
    for _ in range(3):
        public.get("/tim-kiem/", {"q": "Lê Văn Tám"}, REMOTE_ADDR="203.0.113.1")
    assert "le van tam" not in text(coordinator.get(URL))
    # Three people (different addresses or browsers), through the page and the API: listed.
    public.get("/tim-kiem/", {"q": "Lê Văn Tám"}, REMOTE_ADDR="203.0.113.2")
    public.get("/api/search", {"q": "le van tam"}, REMOTE_ADDR="203.0.113.1", HTTP_USER_AGENT="X")
    assert SearchQuery.objects.values("visitor").distinct().count() == 3
    assert "le van tam" in text(coordinator.get(URL))


# --- Retention ----------------------------------------------------------------------------------


def _log_at(commune, text_: str, result_count: int, visitor: str, day: datetime.date) -> None:
    log_query(commune, text_, result_count, visitor=visitor)
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    SearchQuery.objects.filter(pk=SearchQuery.objects.latest("id").pk).update(created_at=at)


def test_searches_older_than_the_raw_window_are_pruned_but_still_counted(
    commune_a, settings, coordinator
):
    settings.CCHC_ANALYTICS_RAW_DAYS = 30
    old, recent = days_ago(40), days_ago(5)
    for n in (1, 2, 3):
        _log_at(commune_a, "ho ngheo", 0, _visitor(n), old)
        _log_at(commune_a, "khai sinh", 2, _visitor(n), recent)
    _log_at(commune_a, ONCE, 0, _visitor(9), old)
    _log_at(commune_a, "giay phep", 1, _visitor(9), days_ago(35))

    result = rollup_all()

    assert result["searches"] == 5
    remaining = SearchQuery.objects.values_list("text", flat=True)
    assert sorted(remaining) == ["khai sinh"] * 3
    # The totals of the pruned days live on in the roll-ups, words and visitors gone.
    assert DailyCount.objects.get(dimension="search", key="all", day=old).views == 4
    assert DailyCount.objects.get(dimension="search", key="none", day=old).views == 4
    assert search_counts([commune_a.id], Period(days_ago(60), days_ago(0))) == {
        commune_a.id: (8, 4)
    }
    fig = figures(commune_a, Period(days_ago(60), days_ago(0)), top=None, searches=None)
    assert (fig.search_total, fig.no_result_total) == (8, 4)
    assert [s.text for s in fig.searches] == ["khai sinh"]  # lists: the kept days only
    # Running it again removes nothing more and counts the same.
    assert prune()["searches"] == 0
    assert search_counts([commune_a.id], Period(old, old)) == {commune_a.id: (4, 4)}


def test_a_day_not_yet_rolled_up_keeps_its_searches(commune_a, settings):
    settings.CCHC_ANALYTICS_RAW_DAYS = 30
    _log_at(commune_a, "khai sinh", 2, _visitor(1), days_ago(40))
    assert prune()["searches"] == 0  # no roll-up yet: nothing is final, nothing pruned
    assert SearchQuery.objects.count() == 1
