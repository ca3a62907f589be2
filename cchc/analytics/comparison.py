"""The province's communes side by side (the province officers' comparison table)."""

from __future__ import annotations

from dataclasses import dataclass

from cchc.analytics.models import Dimension
from cchc.analytics.periods import Period
from cchc.analytics.ranking import Counts, sums
from cchc.analytics.search_figures import search_counts
from cchc.communes.models import Commune
from cchc.inputs import whole_number


@dataclass
class CommuneRow:
    commune: Commune
    section: Counts
    site: Counts
    previous_section_views: int
    top_topic: str
    searches: int
    no_result: int


def compare_communes(communes: list[Commune], period: Period) -> list[CommuneRow]:
    """Side by side: section and portal totals, the most-read topic, searches with no result.

    Six queries whatever the number of communes.
    """
    from cchc.portal.models import Topic

    ids = [c.id for c in communes]
    now = sums(ids, period, [Dimension.TOTAL, Dimension.TOPIC])
    before = sums(ids, period.previous(), [Dimension.TOTAL])
    topic_names = dict(Topic.objects.values_list("id", "name"))
    best: dict[int, tuple[int, str]] = {}
    for (commune_id, dimension, key), counts in now.items():
        if dimension != Dimension.TOPIC or not counts.views:
            continue
        name = topic_names.get(whole_number(key), "")
        if (counts.views, name) > best.get(commune_id, (0, "")):
            best[commune_id] = (counts.views, name)
    searched = search_counts(ids, period)
    rows = [
        CommuneRow(
            commune=c,
            section=now.get((c.id, Dimension.TOTAL, "section"), Counts()),
            site=now.get((c.id, Dimension.TOTAL, "site"), Counts()),
            previous_section_views=before.get((c.id, Dimension.TOTAL, "section"), Counts()).views,
            top_topic=best.get(c.id, (0, ""))[1],
            searches=searched.get(c.id, (0, 0))[0],
            no_result=searched.get(c.id, (0, 0))[1],
        )
        for c in communes
    ]
    rows.sort(key=lambda r: (-r.section.views, r.commune.name))
    return rows
