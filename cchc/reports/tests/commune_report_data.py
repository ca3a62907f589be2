"""Data for the commune's report tests: a 2026 plan with items and linked articles, the section's
visits rolled up, units' Q3 2026 reports."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cchc.analytics.models import DailyCount
from cchc.analytics.services import rollup_month
from cchc.plans.models import CommunicationPlan, PlanItem, PlanItemPage
from cchc.portal.models import ArticleIndexPage, ArticlePage
from cchc.reports.models import UnitReport
from cchc.reports.tests.conftest import TODAY

Q1, Q3 = 0b000000000111, 0b000111000000


def make_plan(commune, unit, *, items: int = 3) -> CommunicationPlan:
    """Item 1: portal articles all year (target 12); 2: a conference in Q3; 3: leaflets in Q1;
    4…: more articles in Q3 (target 2 each)."""
    plan = CommunicationPlan.objects.create(
        commune=commune, year=2026, number_symbol="12/KH-UBND", issued_on=dt.date(2026, 1, 14),
        signer_position="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", signer_name="Mai Đàm Thanh Vân",
    )  # fmt: skip
    rows = [
        ("Tuyên truyền trên chuyên mục CCHC", "portal", 0xFFF, 12, "tin, bài"),
        ("Hội nghị tập huấn kỹ năng số", "conference", Q3, 1, "hội nghị"),
        ("Phát tờ rơi hướng dẫn VNeID", "leaflet", Q1, 500, "tờ"),
    ]
    rows += [(f"Tin thêm số {n}", "portal", Q3, 2, "tin, bài") for n in range(4, items + 1)]
    for position, (content, channel, months, target, target_unit) in enumerate(rows, start=1):
        PlanItem.objects.create(
            plan=plan, position=position, content=content, channel=channel, months=months,
            target_count=target, target_unit=target_unit, lead_unit=unit, period_text="",
        )  # fmt: skip
    return plan


def make_article(commune, title: str, published: dt.date) -> ArticlePage:
    index = ArticleIndexPage.objects.descendant_of(commune.root_page).get()
    page = ArticlePage(
        title=title, slug=f"bai-{abs(hash(title)) % 10**9}", summary=title, live=True,
        first_published_at=dt.datetime.combine(published, dt.time(9), tzinfo=dt.UTC),
    )  # fmt: skip
    index.add_child(instance=page)
    ArticlePage.objects.filter(pk=page.pk).update(
        first_published_at=dt.datetime.combine(published, dt.time(9), tzinfo=dt.UTC)
    )
    return page


def link(plan: CommunicationPlan, position: int, page) -> None:
    PlanItemPage.objects.create(item=plan.items.get(position=position), page=page)


def visits(commune, day: dt.date, *, section: int, site: int, pages: dict) -> None:
    """One day's roll-up rows, then the month's sums (what the analytics roll-up writes)."""
    rows = [
        DailyCount(commune=commune, day=day, dimension="total", key="section",
                   views=section, visitors=section // 2),
        DailyCount(commune=commune, day=day, dimension="total", key="site",
                   views=site, visitors=site // 2),
    ]  # fmt: skip
    rows += [
        DailyCount(commune=commune, day=day, dimension="page", key=str(page.pk),
                   views=views, visitors=views, kind="article")
        for page, views in pages.items()
    ]  # fmt: skip
    DailyCount.objects.bulk_create(rows)
    rollup_month(commune.id, day)


def unit_report(unit, text: str, *, figures: list[dict], late: bool = False, user=None):
    return UnitReport.objects.create(
        commune=unit.commune, unit=unit, year=2026, period="q3", text=text, figures=figures,
        due_on=dt.date(2026, 9, 4), late=late, submitted_by=user, submitted_by_name="x",
    )  # fmt: skip


def fix_clock(monkeypatch) -> dt.date:
    """The clock fixed at TODAY, but a moment still has its own local date: the products of a
    plan are dated by `localdate(first_published_at)`, which the reports' fixture would turn
    into TODAY."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY
