"""What the commune's report for a period says, read from the platform (issue 12 item 4).

Everything comes through the selectors of the apps below (decision 0015): the plan's items and
their products (`cchc.plans.selectors.plan_progress`, which asks every registered evidence
kind), the section's visits and most-read articles (`cchc.analytics.selectors.figures`), the
units' current reports and statuses (`cchc.reports.selectors`). The number of queries does not
grow with the number of items, products, articles or units (a test pins it).

Figures are "as of" the last day of the period, or today while the period is running.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from cchc.analytics.periods import Period
from cchc.analytics.selectors import figures as visit_figures
from cchc.communes.models import Commune
from cchc.plans.channels import Channel
from cchc.plans.evidence import evidence_kinds
from cchc.plans.models import CommunicationPlan
from cchc.plans.selectors import plan_for, plan_progress
from cchc.reports.periods import KINDS, ReportingPeriod
from cchc.reports.selectors import unit_statuses

# The evidence kind of portal pages (cchc.plans.portal_evidence): articles, not events.
PORTAL_KIND = "portal_page"
TOP_ARTICLES = 5


def period_months(kind: str) -> int:
    """The period's months as the plans' 12-bit mask (bit 0 = January)."""
    _, first, last = KINDS[kind]
    return sum(1 << (month - 1) for month in range(first, last + 1))


@dataclass(frozen=True)
class ItemRow:
    """One plan item in the period: products in the period, done so far against the target."""

    position: int
    content: str
    form: str
    period_text: str
    lead_unit: str
    in_period: int
    done: int  # from the start of the plan's year to the report's day
    target: int
    target_unit: str
    status: str


@dataclass(frozen=True)
class ChannelRow:
    label: str
    items: int
    in_period: int
    done: int
    target: int


@dataclass(frozen=True)
class EventRow:
    """A product other than a portal page (conference, panel, leaflet…) dated in the period."""

    kind_label: str
    title: str
    date: datetime.date | None
    item_position: int


@dataclass(frozen=True)
class ArticleRow:
    title: str
    views: int
    visitors: int


@dataclass(frozen=True)
class UnitRow:
    name: str
    state: str  # on_time, submitted_late, late, pending (reports.selectors.UnitStatus)
    state_label: str
    submitted_on: datetime.date | None
    text: str
    version: int | None


@dataclass(frozen=True)
class Visits:
    section_views: int
    section_visitors: int
    previous_section_views: int
    site_views: int
    site_visitors: int


@dataclass
class DraftData:
    commune: Commune
    period: ReportingPeriod
    through: datetime.date  # figures up to and including this day
    plan: CommunicationPlan | None
    plan_item_count: int = 0  # every item of the plan, in the period or not
    items: list[ItemRow] = field(default_factory=list)
    channels: list[ChannelRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    visits: Visits | None = None  # None: the period has not started
    articles: list[ArticleRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    unit_figures: list[tuple[str, int]] = field(default_factory=list)  # summed over units

    @property
    def items_complete(self) -> int:
        return sum(1 for row in self.items if row.done >= row.target)

    @property
    def products_in_period(self) -> int:
        return sum(row.in_period for row in self.items)

    @property
    def submitted(self) -> list[UnitRow]:
        return [row for row in self.units if row.version is not None]


def _item_status(done: int, target: int, ended: bool) -> str:
    if done >= target:
        return "Hoàn thành"
    return "Chưa đạt" if ended else "Đang thực hiện"


def _plan_rows(data: DraftData, plan: CommunicationPlan) -> None:
    """Items that run in the period or have products in it, and their forms' totals."""
    start, through = data.period.start, data.through
    mask = period_months(data.period.kind)
    labels = {kind.kind: kind.label for kind in evidence_kinds()}
    by_channel: dict[str, list[ItemRow]] = defaultdict(list)
    progress_of_plan = plan_progress(plan, today=through)
    data.plan_item_count = len(progress_of_plan.items)
    for progress in progress_of_plan.items:
        item = progress.item
        dated = [p for p in progress.products if p.date is not None and p.date <= through]
        in_period = [p for p in dated if p.date >= start]
        if not (item.months & mask) and not in_period:
            continue
        done = sum(p.count for p in dated)
        end = progress.period_end
        row = ItemRow(
            position=item.position,
            content=" ".join(item.content.split()),
            form=item.get_channel_display(),
            period_text=item.period_text or item.period_label,
            lead_unit=item.lead_unit.name if item.lead_unit else "",
            in_period=sum(p.count for p in in_period),
            done=done,
            target=item.target_count,
            target_unit=item.target_unit,
            status=_item_status(done, item.target_count, end is not None and end <= through),
        )
        data.items.append(row)
        by_channel[item.channel].append(row)
        for product in in_period:
            if product.kind != PORTAL_KIND:
                data.events.append(
                    EventRow(
                        labels.get(product.kind, product.kind),
                        product.title,
                        product.date,
                        item.position,
                    )
                )
    for value, label in Channel.choices:
        rows = by_channel.get(value)
        if rows:
            data.channels.append(
                ChannelRow(
                    label=label,
                    items=len(rows),
                    in_period=sum(r.in_period for r in rows),
                    done=sum(r.done for r in rows),
                    target=sum(r.target for r in rows),
                )
            )
    data.events.sort(key=lambda e: (e.date or datetime.date.min, e.title))


def _visit_rows(data: DraftData) -> None:
    if data.through < data.period.start:
        return
    fig = visit_figures(data.commune, Period(data.period.start, data.through), top=TOP_ARTICLES)
    data.visits = Visits(
        section_views=fig.section.views,
        section_visitors=fig.section.visitors,
        previous_section_views=fig.previous_section.views,
        site_views=fig.site.views,
        site_visitors=fig.site.visitors,
    )
    data.articles = [ArticleRow(r.label, r.views, r.visitors) for r in fig.articles if r.views]


def _unit_rows(data: DraftData, today: datetime.date) -> None:
    """Every reporting unit's status; the current reports' texts; their figures summed by key
    (a figure keeps the label of its first report, in the units' order)."""
    totals: dict[str, list] = {}
    for status in unit_statuses(data.commune, data.period, today):
        report = status.report
        data.units.append(
            UnitRow(
                name=status.unit.name,
                state=status.state,
                state_label=status.label,
                submitted_on=timezone.localtime(report.submitted_at).date() if report else None,
                text=report.text.strip() if report else "",
                version=report.version if report else None,
            )
        )
        for figure in (report.figures if report else []) or []:
            key, value = figure.get("key"), figure.get("value")
            if not key or not isinstance(value, int):
                continue
            totals.setdefault(key, [figure.get("label") or key, 0])[1] += value
    data.unit_figures = [(label, total) for label, total in totals.values()]


def draft_data(commune: Commune, period: ReportingPeriod, today: datetime.date) -> DraftData:
    """Everything the drafted report says about the commune in the period."""
    through = min(period.end, today)
    plan = plan_for(commune, period.year)
    data = DraftData(commune=commune, period=period, through=through, plan=plan)
    if plan is not None:
        _plan_rows(data, plan)
    _visit_rows(data)
    _unit_rows(data, today)
    return data
