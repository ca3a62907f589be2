"""The scoring methods on facts written by hand: the published rule's cases and the others."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cchc.parindex.facts import Facts, ItemFact, ProductFact, VisitFacts
from cchc.parindex.methods import check, forms_present, plan_completion, plan_issued_by, run

TODAY = datetime.date(2027, 1, 10)
ONE = Decimal("1")
# The default rule's part b (migration 0002).
GROUPS = {
    "groups": [
        {"label": "Bảng điện tử", "channels": ["screen"], "points": 0.25},
        {"label": "Trang thông tin, mạng xã hội", "channels": ["portal", "social"], "points": 0.25},
        {"label": "Truyền thống", "channels": ["conference", "leaflet", "radio", "visual"],
         "points": 0.5},
    ]
}  # fmt: skip


def product(channel: str, day: int = 5, title: str = "Sản phẩm") -> ProductFact:
    return ProductFact(channel, channel, channel, title, datetime.date(2026, 3, day), "/x/")


def item(n: int, *, done: int, target: int = 1, channel: str = "portal", products=()) -> ItemFact:
    return ItemFact(
        id=n, position=n, content=f"Nhiệm vụ số {n}", channel=channel, channel_label=channel,
        target=target, target_unit="tin, bài", done=done, period_label="Quý I/2026",
        period_end=datetime.date(2026, 3, 31), products=tuple(products),
    )  # fmt: skip


def facts(items=(), **kwargs) -> Facts:
    return Facts(commune="Xã Thử", year=2026, today=TODAY, plan_number="12/KH-UBND",
                 plan_issued_on=kwargs.pop("issued", datetime.date(2026, 1, 15)),
                 items=tuple(items), **kwargs)  # fmt: skip


def completion(completed: int, planned: int) -> Decimal:
    items = [item(n, done=1 if n <= completed else 0) for n in range(1, planned + 1)]
    return plan_completion(facts(items), {"proportional_from": 0.9}, ONE).score


def test_all_targets_met_gives_the_full_point():
    assert completion(20, 20) == Decimal("1.00")


def test_from_90_up_to_100_percent_gives_done_over_planned():
    assert completion(19, 20) == Decimal("0.95")
    assert completion(9, 10) == Decimal("0.90")  # 90 % is inside the band
    assert completion(37, 40) == Decimal("0.93")  # 0.925 rounded half up to hundredths


def test_below_90_percent_gives_nothing():
    assert completion(17, 20) == Decimal("0")
    assert completion(0, 3) == Decimal("0")


def test_an_item_counts_only_at_its_target_and_the_reasons_name_items_and_products():
    items = [
        item(1, done=12, target=12, products=[product("portal", 3, "Bài A")]),
        item(2, done=11, target=12, products=[product("portal", 9, "Bài B")]),
    ]
    outcome = plan_completion(facts(items), {}, ONE)
    assert outcome.score == 0  # 1/2 = 50 %
    summary, first, second = outcome.reasons
    assert summary.text.startswith("1/2 nhiệm vụ đạt chỉ tiêu (50 %)") and summary.ok is False
    assert first.item == 1 and first.ok and "12/12 tin, bài — đạt" in first.text
    assert (
        second.ok is False and "11/12" in second.text and "hết thời hạn 31/03/2026" in second.text
    )
    assert [p.title for p in first.products] == ["Bài A"]
    assert first.date == datetime.date(2026, 3, 3)
    assert plan_completion(facts([]), {}, ONE).score == 0


@pytest.mark.parametrize(
    ("channels", "expected"),
    [
        ([], "0"),
        (["portal"], "0.25"),
        (["social"], "0.25"),
        (["portal", "social"], "0.25"),  # one group, counted once
        (["screen"], "0.25"),
        (["screen", "portal"], "0.50"),
        (["radio"], "0.50"),
        (["leaflet", "conference"], "0.50"),
        (["screen", "social", "visual"], "1.00"),
        (["other", "contest"], "0"),  # forms the groups do not name
    ],
)
def test_diversity_of_forms(channels, expected):
    items = [item(1, done=len(channels), products=[product(c) for c in channels])]
    assert forms_present(facts(items), GROUPS, ONE).score == Decimal(expected)


def test_diversity_counts_the_products_not_the_plan_wording():
    planned_only = [item(1, done=0, channel="radio"), item(2, done=0, channel="screen")]
    outcome = forms_present(facts(planned_only), GROUPS, ONE)
    assert outcome.score == 0
    assert all(r.ok is False and "chưa có sản phẩm" in r.text for r in outcome.reasons)


def test_diversity_reasons_list_the_products_with_their_first_date():
    items = [item(1, done=2, products=[product("radio", 20, "Bản tin 2"), product("radio", 2)])]
    reasons = forms_present(facts(items), GROUPS, ONE).reasons
    traditional = reasons[2]
    assert traditional.ok and "có 2 sản phẩm, từ ngày 02/03/2026 — 0,5 điểm" in traditional.text
    assert [p.title for p in traditional.products] == ["Sản phẩm", "Bản tin 2"]


def test_visits_and_plan_date():
    visits = VisitFacts(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), 12_500, 9_000)
    got = run("visits_at_least", facts(visits=visits), {"views": 10_000}, Decimal("0.5"))
    assert got.score == Decimal("0.50") and "12.500 lượt xem" in got.reasons[0].text
    assert run("visits_at_least", facts(visits=visits), {"visitors": 10_000}, ONE).score == 0
    on_time = plan_issued_by(facts(issued=datetime.date(2026, 1, 31)), {"date": "31/01"}, ONE)
    late = plan_issued_by(facts(issued=datetime.date(2026, 2, 1)), {"date": "31/01"}, ONE)
    unknown = plan_issued_by(facts(issued=None), {"date": "2026-01-31"}, ONE)
    assert (on_time.score, late.score, unknown.score) == (1, 0, 0)
    assert "sau hạn 31/01/2026" in late.reasons[0].text


def test_parameters_are_checked_in_vietnamese():
    channels = {"portal", "radio"}
    assert check("nope", {}, channels=channels)[0].startswith("Không có phương pháp tính «nope»")
    assert check("forms_present", {"groups": [{"channels": ["tv"], "points": 1}]},
                 channels=channels) == ["Nhóm 1: không có hình thức tv."]  # fmt: skip
    assert check("visits_at_least", {"views": 1, "visitors": 2}, channels=channels)
    assert check("plan_issued_by", {"date": "31/13"}, channels=channels)
    assert check("plan_completion", {"proportional_from": 0.8}, channels=channels) == []
