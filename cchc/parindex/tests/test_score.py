"""The score from a commune's own data: parts, reasons, a province's own sub-criterion,
another commune's work never counted, and queries that do not grow with the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.analytics.models import DailyCount
from cchc.parindex.rules import RuleError, rule_as_data, rule_set_for, rule_set_load
from cchc.parindex.scoring import ScoreRefused, par_score
from cchc.parindex.tests.conftest import FOREIGN, TODAY, link_articles, make_plan
from cchc.plans.models import PlanItem


@pytest.mark.django_db
def test_the_default_rule_is_xuan_locs_two_points(commune_a):
    rule_set = rule_set_for(commune_a.province_id, 2026)
    data = rule_as_data(rule_set)
    assert rule_set.province_id is None and "244/PNV" in rule_set.source
    [criterion] = data["criteria"]
    assert criterion["label"] == "Thực hiện tuyên truyền về CCHC" and criterion["max_points"] == 2
    assert [(p["method"], p["max_points"]) for p in criterion["parts"]] == [
        ("plan_completion", 1), ("forms_present", 1)
    ]  # fmt: skip
    groups = criterion["parts"][1]["params"]["groups"]
    assert [g["points"] for g in groups] == [0.25, 0.25, 0.5]


@pytest.mark.django_db
def test_a_year_with_every_target_met_and_three_groups_of_forms(year_a, year_b):
    score = par_score(year_a.commune, 2026, today=TODAY)
    completion, forms = score.parts
    assert (completion.score, forms.score) == (Decimal("1.00"), Decimal("0.75"))
    assert (score.score, score.max) == (Decimal("1.75"), Decimal("2.00"))
    summary, *items = completion.reasons
    assert summary.text.startswith("4/4 nhiệm vụ đạt chỉ tiêu (100 %)")
    assert [r.item for r in items] == [1, 2, 3, 4] and all(r.ok for r in items)
    first = items[0]
    assert [p.title for p in first.products] == ["Bài 1-1", "Bài 1-0"]  # newest first
    assert first.date == dt.date(2026, 3, 2) and first.products[0].url
    screens, website, traditional = forms.reasons
    assert screens.ok is False and "chưa có sản phẩm" in screens.text
    assert website.ok and "có 4 sản phẩm, từ ngày 01/03/2026" in website.text
    assert traditional.ok and [p.title for p in traditional.products] == ["Hội nghị tại Đức Thọ"]
    text = str(score.as_dict())
    assert FOREIGN not in text and "Nguyệt Viên" not in text


@pytest.mark.django_db
def test_95_and_85_percent_of_items(commune_a):
    plan = make_plan(commune_a, [("portal", 1)] * 20)
    for position in range(1, 20):  # 19 of 20 items have their article
        link_articles(plan, position, 1)
    assert par_score(commune_a, 2026, today=TODAY).parts[0].score == Decimal("0.95")
    PlanItem.objects.filter(plan=plan, position__in=[18, 19]).update(target_count=5)
    assert par_score(commune_a, 2026, today=TODAY).parts[0].score == Decimal("0")  # 17/20


@pytest.mark.django_db
def test_a_province_adds_sub_criteria_without_code(year_a, commune_b):
    """Hà Tĩnh's 2026 rule adds the section's visits and a plan signed by 31 January."""
    data = rule_as_data(rule_set_for(None, 2026))
    data["criteria"][0]["max_points"] = 3
    data["criteria"][0]["parts"] += [
        {"key": "luot-truy-cap", "label": "c) Lượt truy cập chuyên mục", "max_points": 0.5,
         "method": "visits_at_least", "params": {"views": 1000}},
        {"key": "ban-hanh", "label": "d) Ban hành kế hoạch đúng hạn", "max_points": 0.5,
         "method": "plan_issued_by", "params": {"date": "31/01"}},
    ]  # fmt: skip
    rule_set_load(province=year_a.commune.province, year=2026, data=data)
    for day in (dt.date(2026, 4, 1), dt.date(2026, 4, 2)):
        DailyCount.objects.create(commune=year_a.commune, day=day, dimension="total",
                                  key="section", views=600, visitors=300)  # fmt: skip
    score = par_score(year_a.commune, 2026, today=TODAY)
    assert [p.name for p in score.parts][2:] == [
        "c) Lượt truy cập chuyên mục", "d) Ban hành kế hoạch đúng hạn"
    ]  # fmt: skip
    visits, issued = score.parts[2:]
    assert visits.score == Decimal("0.50") and "1.200 lượt xem" in visits.reasons[0].text
    assert issued.score == Decimal("0.50") and "20/01/2026" in issued.reasons[0].text
    assert (score.score, score.max) == (Decimal("2.75"), Decimal("3.00"))
    # Another province keeps the default; an older year too.
    assert rule_set_for(commune_b.province_id, 2026).province_id is None
    assert rule_set_for(year_a.commune.province_id, 2025).province_id is None


@pytest.mark.django_db
def test_a_broken_rule_file_is_refused_whole(commune_a):
    data = rule_as_data(rule_set_for(None, 2026))
    data["criteria"][0]["parts"].append(
        {"key": "x", "label": "x", "max_points": 1, "method": "forms_present",
         "params": {"groups": [{"channels": ["tivi"], "points": 1}]}}
    )  # fmt: skip
    with pytest.raises(RuleError) as refused:
        rule_set_load(province=commune_a.province, year=2026, data=data)
    assert refused.value.problems == ["Tiêu chí 1, thành phần 3: Nhóm 1: không có hình thức tivi."]
    assert rule_set_for(commune_a.province_id, 2026).province_id is None


@pytest.mark.django_db
def test_a_year_without_a_plan_is_refused(commune_a):
    with pytest.raises(ScoreRefused, match="chưa có kế hoạch tuyên truyền năm 2026"):
        par_score(commune_a, 2026)


@pytest.mark.django_db
def test_the_score_costs_the_same_queries_for_a_small_and_a_busy_year(commune_a):
    plan = make_plan(commune_a, [("portal", 2)] * 4)
    link_articles(plan, 1, 2)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            par_score(commune_a, 2026, today=TODAY)
        return len(captured)

    par_score(commune_a, 2026, today=TODAY)  # warm the per-process caches (site root paths)
    few = queries()
    for n in range(36):
        PlanItem.objects.create(plan=plan, position=5 + n, content=f"Nhiệm vụ {n}",
                                channel="portal", target_count=3)  # fmt: skip
    for position in (2, 3, 5, 9, 30):
        link_articles(plan, position, 6)
    assert queries() == few <= 12
