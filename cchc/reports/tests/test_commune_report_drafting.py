"""The commune's report drafted from the data: plan completion, forms, visits, events, units."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from cchc.communes.models import Unit
from cchc.plans import evidence
from cchc.plans.evidence import Product, register_evidence_kind
from cchc.reports import commune_report
from cchc.reports.commune_report import (
    NO_DATA,
    draft_sections,
    draft_tables,
    fresh_draft,
    report_docx,
)
from cchc.reports.drafting import DraftData, EventRow, draft_data, period_months
from cchc.reports.selectors import period_for
from cchc.reports.tests.commune_report_data import (
    fix_clock,
    link,
    make_article,
    make_plan,
    unit_report,
    visits,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    return fix_clock(monkeypatch)


@pytest.fixture
def conference_kind():
    """Events recorded by another app, through the plans' evidence contract."""

    def held(items):
        return {
            i.pk: [Product("conference_test", "Hội nghị tập huấn kỹ năng số", dt.date(2026, 8, 15))]
            for i in items
            if i.channel == "conference"
        }

    register_evidence_kind("conference_test", "Hội nghị, tập huấn", held)
    yield
    evidence._KINDS.pop("conference_test", None)


@pytest.fixture
def busy(people, today, conference_kind):
    plan = make_plan(people.a, people.coordinating)
    old = make_article(people.a, "Bài tháng hai", dt.date(2026, 2, 10))
    july = make_article(people.a, "Hướng dẫn cài VNeID", dt.date(2026, 7, 20))
    august = make_article(people.a, "Dịch vụ công trực tuyến", dt.date(2026, 8, 3))
    for page in (old, july, august):
        link(plan, 1, page)
    visits(people.a, dt.date(2026, 8, 10), section=900, site=2500, pages={july: 300, august: 120})
    visits(people.a, dt.date(2026, 9, 1), section=100, site=300, pages={august: 5})
    unit_report(
        people.school,
        "Trường tổ chức 3 buổi ngoại khóa.",
        figures=[{"key": "articles_published", "label": "Tin, bài đã đăng", "value": 2}],
    )
    unit_report(people.village, "Thôn họp dân 2 buổi.", late=True,
                figures=[{"key": "articles_published", "label": "Tin, bài đã đăng", "value": 3},
                         {"key": "article_views", "label": "Lượt xem", "value": 40}])  # fmt: skip
    return plan


def test_the_period_is_a_mask_of_its_months():
    assert period_months("q3") == 0b000111000000
    assert period_months("y") == 0xFFF and period_months("h1") == 0b111111


def test_the_draft_reads_the_plan_the_visits_the_events_and_the_units(people, today, busy):
    period = period_for(people.a, 2026, "q3")
    data = draft_data(people.a, period, today)
    assert data.through == today  # the period is running: figures up to today
    items = {row.position: row for row in data.items}
    assert sorted(items) == [1, 2]  # the Q1 leaflets neither run nor have products in Q3
    assert (items[1].in_period, items[1].done, items[1].target) == (2, 3, 12)
    assert (items[2].in_period, items[2].done, items[2].status) == (1, 1, "Hoàn thành")
    channels = {row.label.split(" ")[0]: row for row in data.channels}
    assert channels["Tin,"].in_period == 2 and channels["Hội"].in_period == 1
    assert [e.title for e in data.events] == ["Hội nghị tập huấn kỹ năng số"]
    assert data.visits.section_views == 1000 and data.visits.site_views == 2800
    assert [a.title for a in data.articles] == ["Hướng dẫn cài VNeID", "Dịch vụ công trực tuyến"]
    assert dict(data.unit_figures) == {"Tin, bài đã đăng": 5, "Lượt xem": 40}
    states = {row.name: row.state for row in data.units}
    assert states == {"Trường Tiểu học": "on_time", "Thôn 1": "submitted_late"}

    sections = draft_sections(data)
    assert "Kế hoạch số 12/KH-UBND ngày 14/01/2026" in sections["intro"]
    assert "quý III/2026" in sections["intro"]
    assert "2 nhiệm vụ thực hiện; 1 nhiệm vụ đã đạt chỉ tiêu" in sections["plan"]
    assert "1.000 lượt xem" in sections["portal"] and "«Hướng dẫn cài VNeID»" in sections["portal"]
    assert "15/08/2026: Hội nghị tập huấn kỹ năng số" in sections["events"]
    assert "2/2 cơ quan, đơn vị đã gửi báo cáo" in sections["units"]
    assert "- Trường Tiểu học: Trường tổ chức 3 buổi ngoại khóa." in sections["units"]
    assert "Gửi muộn: Thôn 1." in sections["units"]
    assert NO_DATA not in " ".join(sections.values())
    tables = draft_tables(data)
    assert tables["unit_figures"]["rows"] == [["Tin, bài đã đăng", "5"], ["Lượt xem", "40"]]
    assert tables["items"]["rows"][0][4] == "3/12 tin, bài"


def test_a_commune_without_a_plan_or_data_still_drafts_with_no_data_lines(people, today):
    Unit.objects.filter(commune=people.a).exclude(kind="coordinating").delete()
    period = period_for(people.a, 2026, "y")
    data = draft_data(people.a, period, today)
    assert data.plan is None and data.items == [] and data.units == []
    sections = draft_sections(data)
    for key in ("direction", "plan", "portal", "events", "units"):
        assert NO_DATA in sections[key], key
    assert "Năm 2026" not in sections["intro"] and "năm 2026" in sections["intro"]
    document = Document(io.BytesIO(report_docx(people.a, period, fresh_draft(data))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "chưa có số liệu" in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Chưa có số liệu" in cells  # empty tables say so instead of vanishing


def test_a_future_period_has_no_visits_and_items_are_not_yet_late(people, today):
    make_plan(people.a, people.coordinating)
    data = draft_data(people.a, period_for(people.a, 2026, "q4"), today)
    assert data.visits is None and data.through < data.period.start
    assert all(row.status == "Đang thực hiện" for row in data.items)


def test_the_yearly_draft_costs_the_same_queries_for_a_busy_commune(people, today, busy):
    """≤ 2 s for a busy commune's year: the queries do not grow with items, articles, units."""
    period = period_for(people.a, 2026, "y")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            fresh_draft(draft_data(people.a, period, today))
        return len(captured)

    queries()  # warm the per-process caches (content types, site root paths)
    few = queries()
    more = make_plan_bigger(people, busy)
    assert more > 30
    assert queries() == few


def make_plan_bigger(people, plan) -> int:
    """36 more items, 30 more linked articles with views, 8 more units that reported."""
    from cchc.plans.models import PlanItem

    for n in range(36):
        PlanItem.objects.create(plan=plan, position=10 + n, content=f"Nhiệm vụ {n}",
                                channel="portal", months=0xFFF, target_count=3)  # fmt: skip
    pages = {}
    for n in range(30):
        page = make_article(people.a, f"Bài số {n}", dt.date(2026, 3 + n % 9, 5))
        link(plan, 10 + n, page)
        pages[page] = 10 + n
    visits(people.a, dt.date(2026, 5, 5), section=5000, site=9000, pages=pages)
    for n in range(8):
        unit = Unit.objects.create(commune=people.a, name=f"Thôn {n + 2}", kind="village")
        unit_report(unit, f"Thôn {n + 2} báo cáo.", figures=[
            {"key": "articles_published", "label": "Tin, bài đã đăng", "value": n}])  # fmt: skip
    return plan.items.count()


def test_a_year_of_many_products_lists_the_first_ones_and_counts_the_rest():
    events = [
        EventRow("Hội nghị", f"Hoạt động {n}", dt.date(2026, 1 + n % 12, 1), 1) for n in range(60)
    ]
    data = DraftData(commune=None, period=None, through=dt.date(2026, 12, 31), plan=None)
    data.events = events
    rows = draft_tables(data)["events"]["rows"]
    assert len(rows) == 51 and rows[-1][1] == "… và 10 hoạt động, sản phẩm khác"
    text = commune_report._events(data)
    assert "Trong kỳ ghi nhận 60 hoạt động" in text and "+ … và 40 hoạt động" in text
