"""The dashboard's short lists, ranked in the database, equal the head of the full lists."""

from __future__ import annotations

import datetime
import random

import pytest
from django.utils import timezone

from cchc.analytics.models import EngagementEvent
from cchc.analytics.periods import Period
from cchc.analytics.ranking import ranked_keys, top_keys
from cchc.analytics.recorder import PendingView, write_batch
from cchc.analytics.selectors import dashboard_rankings, figures
from cchc.analytics.services import rollup_commune
from cchc.portal.tests.helpers import publish_article


def test_top_lists_and_interest_match_the_full_computation(commune_a):
    today = timezone.localdate()
    first = today - datetime.timedelta(days=70)  # spans whole and partial months
    articles = [publish_article(commune_a, f"Bài số {i}") for i in range(14)]
    rng = random.Random(7)
    views = []
    for n in range(71):
        day = first + datetime.timedelta(days=n)
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        for v in range(rng.randint(5, 30)):
            article = rng.choice(articles[: rng.randint(1, 14)])
            views.append(
                PendingView(
                    commune_a.id,
                    at,
                    day,
                    article.id,
                    "article",
                    "",
                    True,
                    "",
                    "direct",
                    "mobile",
                    f"{n:04d}{v:012d}",
                )
            )
            if rng.random() < 0.2:
                views.append(
                    PendingView(
                        commune_a.id,
                        at,
                        day,
                        None,
                        "procedure",
                        f"1.00{v % 13:04d}",
                        True,
                        "",
                        "direct",
                        "mobile",
                        f"{n:04d}{v:012d}",
                    )
                )
        if n % 3 == 0:
            EngagementEvent.objects.create(
                commune=commune_a,
                at=at,
                day=day,
                page_id=articles[-1].id,
                type="share",
                share_to="zalo",
                visitor=f"s{n:015d}",
            )
    write_batch(views)
    rollup_commune(commune_a.id)
    period = Period(today - datetime.timedelta(days=40), today)
    short, full = figures(commune_a, period, top=3), figures(commune_a, period, top=None)

    def names(rows):
        return [(r.key, r.views, r.previous_views) for r in rows]

    assert names(short.articles) == names(full.articles[:3])
    assert names(short.pages) == names(full.pages[:3])
    assert names(short.procedures) == names(full.procedures[:3])
    assert [(i.page_id, i.score, i.previous_score) for i in short.interest] == [
        (i.page_id, i.score, i.previous_score) for i in full.interest[:3]
    ]
    assert short.section == full.section and short.topics == full.topics


# --- top_keys: the threshold algorithm against the full ranking --------------------------------

KINDS = ("article", "document", "guide", "procedure", "home")


def _zipf_views(commune, first: datetime.date, days: int, seed: int) -> None:
    """Views of 120 pages of several kinds and 60 procedures, a few read a lot and most rarely
    (as on a portal), with shares and engaged reads of articles; then the roll-up."""
    rng = random.Random(seed)
    pages = [(10_000 + n, KINDS[n % len(KINDS)]) for n in range(120)]
    page_weights = [1 / (n + 1) for n in range(len(pages))]
    rng.shuffle(page_weights)  # the most read page is of any kind
    views, events = [], []
    for d in range(days):
        day = first + datetime.timedelta(days=d)
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        for v in range(rng.randint(20, 60)):
            ((page_id, kind),) = rng.choices(pages, page_weights)
            code = f"1.{rng.choices(range(60), [1 / (c + 1) for c in range(60)])[0]:06d}"
            obj = code if kind == "procedure" else ""
            views.append(
                PendingView(commune.id, at, day, page_id, kind, obj, True, "", "direct",
                            "mobile", f"{seed:02d}{d:04d}{v:010d}")
            )  # fmt: skip
            if kind == "article" and rng.random() < 0.15:
                events.append(
                    EngagementEvent(commune=commune, at=at, day=day, page_id=page_id,
                                    type=rng.choice(["share", "read"]), share_to="zalo",
                                    visitor=f"e{seed:02d}{d:04d}{v:09d}", seconds=60, depth=80)
                )  # fmt: skip
    write_batch(views)
    EngagementEvent.objects.bulk_create(events)
    rollup_commune(commune.id)


def _full(commune_id, period, rankings, limit):
    keys = set()
    for ranking in rankings:
        parts = [(t.dimension, t.kind, f"{t.weight} * {t.column}") for t in ranking]
        keys |= set(ranked_keys(commune_id, period, parts, limit))
    return keys


def test_top_keys_equal_the_full_ranking_whether_proven_by_heads_or_not(commune_a, monkeypatch):
    from cchc.analytics import ranking

    today = timezone.localdate()
    first = (today.replace(day=1) - datetime.timedelta(days=80)).replace(day=1)
    _zipf_views(commune_a, first, (today - first).days + 1, seed=3)
    rankings = dashboard_rankings(["article", "document", "guide"])
    fallbacks = []
    real_ranked_keys = ranking.ranked_keys
    monkeypatch.setattr(
        ranking, "ranked_keys", lambda *a, **k: fallbacks.append(a) or real_ranked_keys(*a, **k)
    )
    rng = random.Random(11)
    periods = [Period(first, today), Period(first, first + datetime.timedelta(days=27))]
    for _ in range(12):  # partial months at either end, short and long periods
        start = first + datetime.timedelta(days=rng.randint(0, 70))
        periods.append(Period(start, min(today, start + datetime.timedelta(rng.randint(0, 60)))))
    paths = set()
    for period in periods:
        for limit, depth in ((3, None), (3, 1), (5, 400), (10, None)):
            fallbacks.clear()
            got = top_keys(commune_a.id, period, rankings, limit, depth=depth)
            paths.add("full" if fallbacks else "heads")
            assert got == _full(commune_a.id, period, rankings, limit), (period, limit, depth)
    # Both ways of deciding were exercised: heads deep enough to prove the lists, and heads
    # too short (depth 1) that send a ranking to the full computation.
    assert paths == {"heads", "full"}


def test_top_keys_of_whole_months_need_no_full_ranking(commune_a, monkeypatch):
    from cchc.analytics import ranking

    today = timezone.localdate()
    first = (today.replace(day=1) - datetime.timedelta(days=70)).replace(day=1)
    _zipf_views(commune_a, first, (today - first).days + 1, seed=5)
    monkeypatch.setattr(ranking, "ranked_keys", lambda *a, **k: pytest.fail("full ranking"))
    period = Period(first, today)
    keys = top_keys(commune_a.id, period, dashboard_rankings(["article"]), 3)
    assert 3 <= len(keys) <= 12
