"""Server-rendered SVG charts and the number formats they share with the dashboard and exports.

Pure functions: figures in, markup out (no queries). The SVGs scale to their container
(viewBox, width 100 %) and are laid out for a 360 px phone: 400 units wide, text at 15-16
units (≥ 12 px on a phone, where the chart is about 320 px wide), labels above bars instead of
beside them. Each chart carries role="img", an aria-label, <title> and <desc>; the dashboard
also prints every number in a table below the chart, and lines differ by dash pattern as well
as colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cchc.vietnamese.order import thousands

WIDTH = 400
FONT = 16
SMALL = 15  # the smallest text: 15 of 400 units is 12 px on a 320 px wide chart
CURRENT = "#1d4ed8"  # views
VISITORS = "#047857"
PREVIOUS = "#94a3b8"  # the previous period: fainter, dotted
BAR = "#1d4ed8"
LABEL_CHARS = 44


# --- Numbers in Vietnamese ---------------------------------------------------------------------


def vn_percent(value: float) -> str:
    """12,5 % (decimal comma, one decimal)."""
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + " %"


def change_percent(current: int, previous: int) -> float | None:
    if previous == 0:
        return None
    return (current - previous) * 100 / previous


def change_words(current: int, previous: int, *, arrow: bool = True) -> str:
    """The change from the previous period in words and an arrow, never by colour alone."""
    if current == previous:
        words, mark = "không đổi", "="
    elif previous == 0:
        words, mark = "mới có (kỳ trước: 0)", "▲"
    else:
        percent = change_percent(current, previous) or 0.0
        amount = vn_percent(abs(percent)) if abs(percent) >= 0.05 else "dưới 0,1 %"
        words, mark = (f"tăng {amount}", "▲") if percent > 0 else (f"giảm {amount}", "▼")
    return f"{mark} {words}" if arrow else words


def share_of(part: int, whole: int) -> str:
    return vn_percent(part * 100 / whole) if whole else "0 %"


# --- Drawing helpers ---------------------------------------------------------------------------


def _nice_max(value: int) -> int:
    """A round axis maximum ≥ value: 1, 2, 5 × 10^n."""
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent  # pragma: no cover


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(height: float, label: str, desc: str, body: list[str], css_class: str) -> SafeString:
    title = escape(label)
    return mark_safe(  # noqa: S308 — every text is escaped above and below
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {WIDTH} '
        f'{height:g}" width="100%" role="img" aria-label="{title}" '
        f'preserveAspectRatio="xMinYMin meet" font-family="system-ui, sans-serif" '
        f'font-size="{FONT}">'  # size: .chart in analytics/admin.css (the admin CSP)
        f"<title>{title}</title><desc>{escape(desc)}</desc>" + "".join(body) + "</svg>"
    )


def _points(values: list[int], x0: float, x1: float, y0: float, y1: float, top: int) -> list:
    n = len(values)
    span = (x1 - x0) / (n - 1) if n > 1 else 0
    xs = [x0 + i * span if n > 1 else (x0 + x1) / 2 for i in range(n)]
    return [(x, y1 - (y1 - y0) * v / top) for x, v in zip(xs, values, strict=True)]


def _fmt(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


# --- Line chart --------------------------------------------------------------------------------


@dataclass
class Line:
    name: str
    values: list[int]
    color: str
    dash: str = ""  # stroke-dasharray
    area: bool = False
    width: float = 2.5
    opacity: float = 1.0


def line_chart(labels: list[str], lines: list[Line], *, label: str, desc: str) -> SafeString:
    """Lines over the same x positions (days or weeks), a shared y axis from 0, a legend."""
    n = len(labels)
    left, right, top_y, plot_bottom = 64.0, WIDTH - 10.0, 14.0, 190.0
    legend_y = plot_bottom + 44
    height = legend_y + 24 * len(lines) + 4
    peak = _nice_max(max((max(line.values, default=0) for line in lines), default=0))
    body: list[str] = []
    for fraction in (0, 0.5, 1):
        y = plot_bottom - (plot_bottom - top_y) * fraction
        value = thousands(round(peak * fraction))
        body.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#cbd5e1" '
            f'stroke-width="1"/><text x="{left - 4}" y="{y + 5:.1f}" text-anchor="end" '
            f'font-size="{SMALL}" fill="#334155">{value}</text>'
        )
    if n:
        # At most three date labels (first, middle, last): they must not overlap on a phone.
        ticks = sorted({0, (n - 1) // 2, n - 1})
        xs = [p[0] for p in _points([0] * n, left, right, top_y, plot_bottom, 1)]
        for i in ticks:
            anchor = "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle"
            body.append(
                f'<text x="{xs[i]:.1f}" y="{plot_bottom + 22}" text-anchor="{anchor}" '
                f'font-size="{SMALL}" fill="#334155">{escape(labels[i].split("–")[0])}</text>'
            )
    for index, line in enumerate(lines):
        if len(line.values) != n:
            raise ValueError("Mỗi đường phải có đúng một giá trị cho mỗi mốc thời gian.")
        points = _points(line.values, left, right, top_y, plot_bottom, peak)
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        if line.area and points:
            area = [(points[0][0], plot_bottom), *points, (points[-1][0], plot_bottom)]
            body.append(
                f'<polygon class="area" points="{_fmt(area)}" fill="{line.color}" '
                f'fill-opacity="0.12" stroke="none"/>'
            )
        body.append(
            f'<polyline class="series" data-series="{escape(line.name)}" '
            f'points="{_fmt(points)}" fill="none" stroke="{line.color}" '
            f'stroke-width="{line.width}" stroke-opacity="{line.opacity}"{dash} '
            f'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        if n <= 31 and not line.dash:
            body += [
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{line.color}"/>' for x, y in points
            ]
        y = legend_y + 24 * index
        body.append(
            f'<line x1="{left}" x2="{left + 34}" y1="{y - 5}" y2="{y - 5}" stroke="{line.color}" '
            f'stroke-width="{line.width + 0.5}" stroke-opacity="{line.opacity}"{dash}/>'
            f'<text x="{left + 42}" y="{y}" fill="#0f172a">{escape(line.name)}</text>'
        )
    return _svg(height, label, desc, body, "chart chart-line")


def traffic_chart(
    labels: list[str],
    views: list[int],
    visitors: list[int],
    previous_views: list[int],
    *,
    unit: str = "ngày",
) -> SafeString:
    """Views and visitors of the section per day (or week), the previous period fainter."""
    total, before = sum(views), sum(previous_views)
    span = f"{labels[0]} đến {labels[-1]}" if labels else "không có ngày nào"
    desc = (
        f"Lượt xem chuyên mục theo {unit}, từ {span}: tổng {thousands(total)} lượt xem, "
        f"{thousands(sum(visitors))} lượt khách; kỳ trước {thousands(before)} lượt xem "
        f"({change_words(total, before)}). Số liệu chi tiết ở bảng dưới biểu đồ."
    )
    return line_chart(
        labels,
        [
            Line("Lượt xem", views, CURRENT, area=True),
            Line("Khách truy cập", visitors, VISITORS, dash="6 4"),
            Line("Lượt xem kỳ trước", previous_views, PREVIOUS, dash="2 4", width=2, opacity=0.9),
        ],
        label=f"Biểu đồ lượt xem và khách truy cập chuyên mục theo {unit}",
        desc=desc,
    )


# --- Horizontal bar chart ----------------------------------------------------------------------


def bar_chart(items: list[tuple[str, int]], *, label: str, unit: str = "lượt xem") -> SafeString:
    """One bar per item, its name on the line above (long names shortened, full in <title>)."""
    row_height, top = 48, 6
    height = top + row_height * max(1, len(items)) + 4
    peak = max((value for _, value in items), default=0)
    left, value_room = 4.0, 80.0
    usable = WIDTH - left - value_room
    body: list[str] = []
    if not items:
        body.append(f'<text x="{left}" y="{top + 20}" fill="#334155">Chưa có số liệu.</text>')
    for index, (name, value) in enumerate(items):
        y = top + row_height * index
        width = usable * value / peak if peak else 0
        body.append(
            f'<g class="bar"><title>{escape(name)}: {thousands(value)} {escape(unit)}</title>'
            f'<text x="{left}" y="{y + 15}" fill="#0f172a">{escape(_short(name))}</text>'
            f'<rect x="{left}" y="{y + 21}" width="{max(width, 1.5):.1f}" height="16" rx="2" '
            f'fill="{BAR}"/>'
            f'<text x="{left + max(width, 1.5) + 6:.1f}" y="{y + 35}" fill="#0f172a">'
            f"{thousands(value)}</text></g>"
        )
    total = sum(value for _, value in items)
    desc = "; ".join(f"{name}: {thousands(value)}" for name, value in items) or "Chưa có số liệu."
    return _svg(height, label, f"Tổng {thousands(total)} {unit}. {desc}", body, "chart chart-bar")
