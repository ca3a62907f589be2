"""The public counter, its JSON API and the engagement beacon."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from cchc.analytics import counter
from cchc.analytics.models import EngagementEvent, ViewEvent
from cchc.analytics.recorder import PendingView, write_batch
from cchc.analytics.services import rollup_commune
from cchc.portal.models import ArticleIndexPage, ArticlePage

PHONE = "Mozilla/5.0 (Linux; Android 11; SM-A125F) Chrome/120.0 Mobile Safari/537.36"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CCHC_PAGE_CACHE_SECONDS = 300


def _article(commune) -> ArticlePage:
    index = ArticleIndexPage.objects.descendant_of(commune.root_page).get(slug="tin-tuc")
    article = ArticlePage(title="Tin cải cách", slug="tin-cai-cach", summary="Tóm tắt")
    index.add_child(instance=article)
    article.save_revision().publish()
    return article


def _counter_on_page(client, ip) -> dict[str, str]:
    html = client.get("/cai-cach-hanh-chinh/", HTTP_USER_AGENT=PHONE, REMOTE_ADDR=ip)
    text = html.content.decode()
    figures = {}
    for name in ("today", "month", "total"):
        start = text.index(f'data-stat="{name}">') + len(f'data-stat="{name}">')
        figures[name] = text[start : text.index("<", start)]
    return figures


def test_the_counter_on_the_cached_section_page_moves_with_new_visitors(client_a, commune_a):
    first = _counter_on_page(client_a, "203.0.113.1")
    assert first == {"today": "1", "month": "1", "total": "1"}  # this visit included
    counter.forget(commune_a.id)
    second = _counter_on_page(client_a, "203.0.113.2")
    assert second["today"] == "2"
    counter.forget(commune_a.id)
    again = _counter_on_page(client_a, "203.0.113.2")  # a reload: not counted
    assert again["today"] == "2"


def test_api_figures_combine_final_roll_ups_and_live_events(client_a, commune_a):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    past = today - datetime.timedelta(days=400)

    def view(day, visitor):
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        return PendingView(
            commune_a.id, at, day, 5, "article", "", True, "", "direct", "mobile", visitor
        )

    write_batch([view(past, "1" * 16), view(past, "2" * 16), view(yesterday, "3" * 16)])
    rollup_commune(commune_a.id)  # the past and yesterday become final roll-ups
    write_batch([view(today, "4" * 16), view(today, "4" * 16), view(today, "5" * 16)])
    counter.forget(commune_a.id)
    data = client_a.get("/api/stats/section").json()
    same_month = yesterday.month == today.month
    assert data == {"today": 2, "month": 2 + (1 if same_month else 0), "total": 5}
    assert client_a.get("/api/stats/section")["Cache-Control"] == "public, max-age=5"


def test_each_commune_sees_its_own_figures(client_a, commune_a, commune_b):
    now = timezone.now()
    write_batch(
        [
            PendingView(
                commune_b.id,
                now,
                timezone.localdate(now),
                5,
                "article",
                "",
                True,
                "",
                "direct",
                "mobile",
                "9" * 16,
            )
        ]
    )
    assert client_a.get("/api/stats/section").json()["today"] == 0
    assert client_a.get("/api/stats/section", HTTP_HOST="nguyet-vien.localhost").json() == {
        "today": 1,
        "month": 1,
        "total": 1,
    }


def test_the_api_refuses_unknown_hosts_and_post(client_a):
    assert client_a.get("/api/stats/section", HTTP_HOST="khong-co.localhost").status_code == 404
    assert client_a.post("/api/stats/section").status_code == 405


def _beacon(client, body, **extra):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(
        "/api/stats/beacon",
        data=data,
        content_type="text/plain",
        HTTP_USER_AGENT=PHONE,
        **extra,
    )


def test_a_read_beacon_is_stored_clamped(client_a, commune_a):
    article = _article(commune_a)
    response = _beacon(
        client_a, {"page": article.id, "type": "read", "seconds": 99999, "depth": 250}
    )
    assert response.status_code == 202
    event = EngagementEvent.objects.get()
    assert (event.seconds, event.depth, event.page_id) == (3600, 100, article.id)


def test_a_share_beacon(client_a, commune_a):
    article = _article(commune_a)
    assert _beacon(client_a, {"page": article.id, "type": "share", "to": "zalo"}).status_code == 202
    assert EngagementEvent.objects.get().share_to == "zalo"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 400, "JSON hợp lệ"),
        ([1, 2], 400, "đối tượng JSON"),
        ({"type": "read"}, 400, "mã trang"),
        ({"page": "12", "type": "read"}, 400, "mã trang"),
        ({"page": True, "type": "read"}, 400, "mã trang"),
        ({"page": 999999, "type": "read"}, 404, "Không có trang"),
        ({"page": "PAGE", "type": "hack"}, 400, "Loại tín hiệu"),
        ({"page": "PAGE", "type": "read", "seconds": "many"}, 400, "phải là một số"),
        ({"page": "PAGE", "type": "share", "to": "tiktok"}, 400, "Kênh chia sẻ"),
        ({"page": "PAGE", "type": "share", "to": "x" * 2000}, 413, "quá lớn"),
    ],
)
def test_malformed_beacons_are_refused_with_a_message(client_a, commune_a, body, status, message):
    article = _article(commune_a)
    if isinstance(body, dict) and body.get("page") == "PAGE":
        body = {**body, "page": article.id}
    response = _beacon(client_a, body)
    assert response.status_code == status
    assert message in response.json()["error"]
    assert EngagementEvent.objects.count() == 0


def test_a_beacon_for_another_communes_page_is_refused(client_a, commune_a, commune_b):
    other = _article(commune_b)
    response = _beacon(client_a, {"page": other.id, "type": "read", "seconds": 40})
    assert response.status_code == 404
    assert EngagementEvent.objects.count() == 0


def test_beacons_are_rate_limited_per_visitor(client_a, commune_a):
    article = _article(commune_a)
    statuses = [
        _beacon(client_a, {"page": article.id, "type": "read", "seconds": 1}).status_code
        for _ in range(35)
    ]
    assert statuses.count(202) == 30 and statuses[-1] == 429
    assert EngagementEvent.objects.count() == 30


def test_beacons_from_bots_are_ignored_and_get_is_refused(client_a, commune_a):
    article = _article(commune_a)
    response = client_a.post(
        "/api/stats/beacon",
        data=json.dumps({"page": article.id, "type": "read"}),
        content_type="text/plain",
        HTTP_USER_AGENT="curl/8.0",
    )
    assert response.status_code == 202
    assert client_a.get("/api/stats/beacon").status_code == 405
    assert EngagementEvent.objects.count() == 0
    assert ViewEvent.objects.count() == 0


def test_the_beacon_script_is_on_articles_only(client_a, commune_a):
    article = _article(commune_a)
    assert f'data-page="{article.id}"' in client_a.get(article.url).content.decode()
    assert "beacon.js" not in client_a.get("/cai-cach-hanh-chinh/").content.decode()
