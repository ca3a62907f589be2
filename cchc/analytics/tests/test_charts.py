"""SVG charts: well-formed, accessible, one point per day and one bar per item, readable text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from cchc.analytics.charts import (
    Line,
    bar_chart,
    change_words,
    line_chart,
    traffic_chart,
    vn_percent,
)
from cchc.vietnamese.order import thousands

NS = {"svg": "http://www.w3.org/2000/svg"}


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def _points(polyline: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in polyline.get("points").split()]


def test_the_traffic_chart_has_one_point_per_day_in_each_line():
    days = [f"{d:02d}/03" for d in range(1, 31)]
    views = list(range(30))
    svg = _parse(traffic_chart(days, views, [v // 2 for v in views], [5] * 30))

    lines = svg.findall("svg:polyline", NS)
    assert [line.get("data-series") for line in lines] == [
        "Lượt xem",
        "Khách truy cập",
        "Lượt xem kỳ trước",
    ]
    assert all(len(_points(line)) == 30 for line in lines)


def test_the_highest_value_is_drawn_highest_and_zero_on_the_axis():
    svg = _parse(traffic_chart(["01/03", "02/03", "03/03"], [0, 10, 4], [0, 5, 2], [0, 0, 0]))
    views = _points(svg.findall("svg:polyline", NS)[0])
    ys = [y for _, y in views]
    assert ys[1] == min(ys)  # SVG y grows downwards
    assert ys[0] == max(ys)
    xs = [x for x, _ in views]
    assert xs == sorted(xs)


def test_the_chart_is_accessible_and_scales_to_a_phone():
    svg = _parse(traffic_chart(["01/03"], [3], [2], [1]))

    assert svg.get("role") == "img"
    assert svg.get("aria-label")
    assert svg.get("width") == "100%"
    width = float(svg.get("viewBox").split()[2])
    assert svg.find("svg:title", NS).text == svg.get("aria-label")
    assert "3 lượt xem" in svg.find("svg:desc", NS).text
    # Every text is at least 12 px when the chart is drawn 320 px wide on a 360 px phone.
    sizes = [float(e.get("font-size")) for e in svg.iter() if e.get("font-size")]
    assert sizes and min(sizes) * 320 / width >= 12


def test_lines_differ_by_dash_pattern_not_only_by_colour():
    svg = _parse(traffic_chart(["01/03", "02/03"], [3, 4], [2, 3], [1, 1]))
    dashes = [p.get("stroke-dasharray") for p in svg.findall("svg:polyline", NS)]
    assert len(set(dashes)) == 3


def test_a_period_without_views_draws_flat_lines_at_zero():
    svg = _parse(traffic_chart(["01/03", "02/03"], [0, 0], [0, 0], [0, 0]))
    ys = {y for line in svg.findall("svg:polyline", NS) for _, y in _points(line)}
    assert len(ys) == 1


def test_every_line_needs_one_value_per_label():
    with pytest.raises(ValueError, match="mốc thời gian"):
        line_chart(["a", "b"], [Line("x", [1], "#000")], label="t", desc="d")


def test_the_bar_chart_has_one_bar_per_item_longest_for_the_largest():
    items = [("Zalo", 40), ("Facebook", 10), ("Truy cập trực tiếp", 0)]
    svg = _parse(bar_chart(items, label="Kênh"))

    bars = svg.findall("svg:g", NS)
    assert len(bars) == 3
    widths = [float(g.find("svg:rect", NS).get("width")) for g in bars]
    assert widths[0] > widths[1] > widths[2]
    assert bars[0].find("svg:title", NS).text == "Zalo: 40 lượt xem"


def test_names_are_escaped_and_long_ones_shortened_in_the_bar_chart():
    name = "<script>alert(1)</script> & " + "rất dài " * 10
    markup = str(bar_chart([(name, 5)], label="Chủ đề <b>"))
    svg = _parse(markup)  # parses: nothing was injected

    assert "<script>" not in markup
    label = svg.find("svg:g/svg:text", NS).text
    assert label.endswith("…") and len(label) <= 44
    assert svg.find("svg:g/svg:title", NS).text.startswith(name.strip()[:20])


def test_an_empty_bar_chart_says_so():
    svg = _parse(bar_chart([], label="Thiết bị"))
    assert svg.findall("svg:g", NS) == []
    assert "Chưa có số liệu" in "".join(svg.itertext())


def test_numbers_are_written_the_vietnamese_way():
    assert thousands(1234567) == "1.234.567"
    assert vn_percent(12.5) == "12,5 %"
    assert vn_percent(50.0) == "50 %"


@pytest.mark.parametrize(
    ("current", "previous", "words"),
    [
        (150, 100, "▲ tăng 50 %"),
        (75, 100, "▼ giảm 25 %"),
        (100, 100, "= không đổi"),
        (5, 0, "▲ mới có (kỳ trước: 0)"),
        (0, 4, "▼ giảm 100 %"),
        (8219, 8220, "▼ giảm dưới 0,1 %"),
        (1001, 1000, "▲ tăng 0,1 %"),
    ],
)
def test_a_change_is_said_in_words_with_an_arrow(current, previous, words):
    assert change_words(current, previous) == words
