"""The dashboard's short lists, ranked in the database, equal the head of the full lists."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from cchc.analytics.models import EngagementEvent
from cchc.analytics.recorder import PendingView, write_batch
from cchc.analytics.selectors import Period, figures
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
