"""Demo traffic goes through the real counting path and leaves consistent statistics."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum
from django.test import RequestFactory, override_settings
from django.utils import timezone

from cchc.analytics import middleware
from cchc.analytics.models import DailyCount, DailySalt, EngagementEvent, ViewEvent
from cchc.demo import traffic, traffic_model, visitors
from cchc.demo.services import DemoRefused
from cchc.demo.traffic_calendar import day_factor
from cchc.pages.viewtag import ViewTag
from cchc.portal.models import ArticleIndexPage, ArticlePage, Topic
from cchc.procedures.models import Procedure
from cchc.search.models import SearchQuery
from cchc.vietnamese import fold

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(commune_a):
    """Commune A with an article, the birth registration procedure and a staff account."""
    index = ArticleIndexPage.objects.descendant_of(commune_a.root_page).get(slug="tin-tuc")
    article = ArticlePage(title="Hướng dẫn nộp hồ sơ trực tuyến", slug="tin-1", summary="…")
    index.add_child(instance=article)
    article.topics.add(Topic.objects.get(number=8))
    article.save_revision().publish()
    for code, name in [
        ("1.001193", "Thủ tục đăng ký khai sinh"),
        ("1.004222", "Đăng ký thường trú"),
    ]:
        Procedure.objects.create(commune=commune_a, code=code, name=name, field="Hộ tịch")
    get_user_model().objects.create_superuser("quantri", "qt@example.gov.vn", "x")
    return commune_a


def _section_views(commune, **filters) -> int:
    rows = DailyCount.objects.filter(commune=commune, dimension="total", key="section", **filters)
    return rows.aggregate(n=Sum("views"))["n"] or 0


def test_a_few_days_of_traffic_are_counted_as_live_views_are(portal, client_a):
    outcome = traffic.generate(portal, days=4)

    # Every request the counting path accepted is stored (reloads folded in as hits); the
    # crawlers, prefetches and staff it refused are not.
    assert outcome.dropped["bot"] > 0 and outcome.dropped["prefetch"] + outcome.dropped["staff"]
    stored = ViewEvent.objects.filter(commune=portal).aggregate(n=Sum("hits"))["n"]
    assert stored == outcome.recorded == outcome.written
    assert stored < outcome.requests

    totals = DailyCount.objects.filter(commune=portal, dimension="total", key="section")
    assert totals.count() >= 3  # four days, today's perhaps only just begun
    sums = totals.aggregate(views=Sum("views"), raw=Sum("raw"), visitors=Sum("visitors"))
    assert 0 < sums["visitors"] < sums["views"] < sums["raw"]  # reloads dropped, visitors return

    channels = set(
        DailyCount.objects.filter(commune=portal, dimension="channel").values_list("key", flat=True)
    )
    assert {"zalo", "facebook", "search", "direct", "internal"} <= channels
    devices = set(
        DailyCount.objects.filter(commune=portal, dimension="device").values_list("key", flat=True)
    )
    assert devices == {"mobile", "desktop", "tablet"}
    kinds = set(ViewEvent.objects.filter(commune=portal).values_list("kind", flat=True))
    assert {"home", "section", "article", "procedure", "topic"} <= kinds
    birth = DailyCount.objects.filter(commune=portal, dimension="object", key="procedure:1.001193")
    assert birth.exists()

    # The public counter, computed from the raw events of today and the roll-ups before it,
    # shows what the roll-ups say.
    today = timezone.localdate()
    figures = client_a.get("/api/stats/section").json()
    assert figures == {
        "today": _section_views(portal, day=today),
        "month": _section_views(portal, day__gte=today.replace(day=1)),
        "total": _section_views(portal),
    }

    # Searches and reading beacons are back-dated over the days; past days' salts are gone.
    days = {
        timezone.localdate(at) for at in SearchQuery.objects.values_list("created_at", flat=True)
    }
    assert len(days) >= 2 and max(days) <= today
    texts = set(SearchQuery.objects.values_list("text", flat=True))
    assert texts and all(text == fold(text) for text in texts)  # stored as search stores them
    assert EngagementEvent.objects.filter(commune=portal, type="read").exists()
    traffic.forget_salts_before(today)
    assert not DailySalt.objects.filter(day__lt=today).exists()


def test_bots_and_prefetches_are_refused_by_the_same_decision(portal):
    request = RequestFactory().get(
        "/", HTTP_HOST="duc-tho.localhost", HTTP_USER_AGENT=visitors.BOTS[0]
    )
    tag = ViewTag("section", portal.root_page_id, in_section=True)
    sink = traffic_model.Collector()
    assert not middleware.record_request(request, portal.id, tag, timezone.now(), sink=sink)
    visitor = visitors.new_visitor(random.Random(1))
    person = RequestFactory().get(
        "/", HTTP_HOST="duc-tho.localhost", HTTP_USER_AGENT=visitor.user_agent
    )
    assert middleware.record_request(person, portal.id, tag, timezone.now(), sink=sink)
    prefetch = RequestFactory().get(
        "/",
        HTTP_HOST="duc-tho.localhost",
        HTTP_USER_AGENT=visitor.user_agent,
        HTTP_SEC_PURPOSE="prefetch",
    )
    assert not middleware.record_request(prefetch, portal.id, tag, timezone.now(), sink=sink)
    assert len(sink.views) == 1
    assert not ViewEvent.objects.exists()  # nothing reached the live recorder


def test_loading_twice_adds_nothing_and_the_command_replaces(portal):
    traffic.generate_demo_traffic([portal], days=2, report=lambda _: None)
    first = ViewEvent.objects.count(), DailyCount.objects.count(), SearchQuery.objects.count()
    assert first[0] > 0

    outcomes = traffic.generate_demo_traffic([portal], days=2, report=lambda _: None)
    assert outcomes == []
    assert (ViewEvent.objects.count(), DailyCount.objects.count(), SearchQuery.objects.count()) == (
        first
    )

    call_command("demo_traffic", "--days", "2", "--commune", portal.slug, stdout=io.StringIO())
    again = ViewEvent.objects.count()
    assert 0 < again < 1.5 * first[0]  # replaced, not added to


def test_the_days_follow_the_shape_of_a_year():
    monday, sunday = dt.date(2026, 10, 5), dt.date(2026, 10, 11)
    assert day_factor(monday) > 1.5 * day_factor(sunday)
    assert day_factor(dt.date(2026, 2, 17)) < 0.4 * day_factor(monday)  # Tết


@override_settings(DEMO=False)
def test_no_demo_traffic_outside_demo_mode(portal):
    with pytest.raises(DemoRefused):
        traffic.generate_demo_traffic([portal], days=1, report=lambda _: None)
    assert not ViewEvent.objects.exists()
