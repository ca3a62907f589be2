"""Counting: who is counted, how reloads and bots are dropped, what is (not) stored."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cchc.analytics import classify
from cchc.analytics.models import DailySalt, ViewEvent
from cchc.analytics.recorder import PendingView, Recorder, write_batch
from cchc.analytics.services import rollup_commune
from cchc.communes.services import membership_grant
from cchc.pages.viewtag import HEADER
from cchc.portal.models import ArticleIndexPage, ArticlePage, Topic

PHONE = (
    "Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CCHC_PAGE_CACHE_SECONDS = 300


def _article(commune, title="Hướng dẫn nộp hồ sơ trực tuyến") -> ArticlePage:
    index = ArticleIndexPage.objects.descendant_of(commune.root_page).get(slug="tin-tuc")
    article = ArticlePage(title=title, slug="bai-viet", summary=title)
    index.add_child(instance=article)
    article.topics.add(Topic.objects.get(slug=Topic.objects.first().slug))
    article.save_revision().publish()
    return article


def _get(client, path, ua=PHONE, ip="203.0.113.9", **extra):
    return client.get(path, HTTP_USER_AGENT=ua, REMOTE_ADDR=ip, **extra)


def test_a_section_view_is_recorded_with_its_page_kind_channel_and_device(client_a, commune_a):
    article = _article(commune_a)
    response = _get(client_a, article.url, HTTP_REFERER="https://zalo.me/g/abc")
    assert response.status_code == 200
    assert HEADER not in response  # the internal tag never leaves the server
    event = ViewEvent.objects.get()
    assert event.commune_id == commune_a.id
    assert event.page_id == article.id
    assert (event.kind, event.channel, event.device) == ("article", "zalo", "mobile")
    assert event.in_section and event.counted
    assert event.topics == str(article.topics.first().pk)


def test_views_served_from_the_page_cache_are_counted(client_a, commune_a):
    article = _article(commune_a)
    first = _get(client_a, article.url, ip="198.51.100.1")
    second = _get(client_a, article.url, ip="198.51.100.2")
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert ViewEvent.objects.filter(counted=True).count() == 2


def test_a_thousand_reloads_and_a_crawler_count_once(client_a, commune_a):
    article = _article(commune_a)
    for _ in range(1000):
        _get(client_a, article.url)
    for _ in range(50):
        _get(client_a, article.url, ua=GOOGLEBOT, ip="66.249.66.1")
        _get(client_a, article.url, ua="", ip="66.249.66.2")
    rollup_commune(commune_a.id)
    from cchc.analytics.models import DailyCount

    page_row = DailyCount.objects.get(dimension="page", key=str(article.id))
    assert (page_row.views, page_row.visitors, page_row.raw) == (1, 1, 1000)
    assert client_a.get("/api/stats/section").json()["today"] == 1


def test_a_reload_after_the_window_counts_again_and_other_pages_count(commune_a):
    now = timezone.now()
    day = timezone.localdate(now)

    def view(minutes: int, page_id: int = 7) -> PendingView:
        return PendingView(
            commune_a.id,
            now + datetime.timedelta(minutes=minutes),
            day,
            page_id,
            "article",
            "",
            True,
            "",
            "direct",
            "mobile",
            "abcdef0123456789",
        )

    write_batch([view(0), view(10), view(29), view(60), view(61, page_id=8)])
    rows = list(ViewEvent.objects.order_by("at").values_list("counted", "hits"))
    # 10 and 29 are reloads (each within 30 min of the one before), folded into the row of 0;
    # 60 is 31 min after 29, and page 8 is another page.
    assert rows == [(True, 3), (True, 1), (True, 1)]


def test_two_batches_from_two_processes_do_not_both_count_a_reload(commune_a):
    now = timezone.now()
    day = timezone.localdate(now)
    view = PendingView(
        commune_a.id, now, day, 7, "article", "", True, "", "direct", "mobile", "0011223344556677"
    )
    write_batch([view])
    later = view._replace(at=now - datetime.timedelta(seconds=2))  # flushed later, earlier
    write_batch([later])
    # Another batch: a row of its own, not counted.
    assert list(ViewEvent.objects.order_by("id").values_list("counted", "hits")) == [
        (True, 1),
        (False, 1),
    ]


def test_prefetch_staff_head_errors_and_non_pages_are_not_counted(
    client_a, commune_a, django_user_model
):
    article = _article(commune_a)
    _get(client_a, article.url, HTTP_SEC_PURPOSE="prefetch")
    _get(client_a, article.url, HTTP_PURPOSE="prefetch")
    client_a.head(article.url, HTTP_USER_AGENT=PHONE)
    _get(client_a, "/cai-cach-hanh-chinh/khong-co-trang-nay/")
    _get(client_a, "/cai-cach-hanh-chinh/rss.xml")
    _get(client_a, "/api/stats/section")
    staff = django_user_model.objects.create_user("bientap", password="x")
    membership_grant(user=staff, commune=commune_a, role="editor")
    client_a.force_login(staff)
    _get(client_a, article.url)
    assert ViewEvent.objects.count() == 0


def test_nothing_personal_is_stored_and_no_cookie_is_set(client_a, commune_a):
    article = _article(commune_a)
    response = _get(client_a, article.url, ip="203.0.113.77")
    assert not response.cookies
    event = ViewEvent.objects.values().get()
    stored = " ".join(str(v) for v in event.values())
    assert "203.0.113.77" not in stored and "Android" not in stored
    assert len(event["visitor"]) == 16


def test_visitor_hashes_change_with_the_day_and_old_salts_are_deleted(client_a, commune_a):
    from cchc.analytics.services import prune
    from cchc.analytics.visitors import visitor_hash

    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    a = visitor_hash(yesterday, commune_a.id, "203.0.113.1", PHONE)
    b = visitor_hash(today, commune_a.id, "203.0.113.1", PHONE)
    assert a != b
    assert visitor_hash(today, commune_a.id, "203.0.113.1", PHONE) == b
    assert visitor_hash(today, commune_a.id + 1, "203.0.113.1", PHONE) != b  # per commune
    prune(today)
    assert list(DailySalt.objects.values_list("day", flat=True)) == [today]


def test_a_crash_loses_only_the_unflushed_buffer_and_a_flush_writes_once(commune_a, settings):
    settings.CCHC_ANALYTICS_FLUSH_SECONDS = 3600  # the thread never wakes during the test
    recorder = Recorder()
    now = timezone.now()
    for i in range(5):
        recorder.add(
            PendingView(
                commune_a.id,
                now,
                timezone.localdate(now),
                i + 1,
                "article",
                "",
                True,
                "",
                "direct",
                "mobile",
                "aaaaaaaaaaaaaaaa",
            )
        )
    assert ViewEvent.objects.count() == 0  # still in memory: a crash now loses these five
    assert recorder.flush() == 5
    assert recorder.flush() == 0  # a second flush writes nothing again
    assert ViewEvent.objects.count() == 5


def test_a_failed_flush_keeps_the_views_for_the_next_attempt(commune_a, settings, monkeypatch):
    settings.CCHC_ANALYTICS_FLUSH_SECONDS = 3600
    recorder = Recorder()
    now = timezone.now()
    recorder.add(
        PendingView(
            commune_a.id,
            now,
            timezone.localdate(now),
            1,
            "article",
            "",
            True,
            "",
            "direct",
            "mobile",
            "bbbbbbbbbbbbbbbb",
        )
    )
    from cchc.analytics import recorder as recorder_module

    real = recorder_module.write_batch

    def broken(views):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(recorder_module, "write_batch", broken)
    assert recorder.flush() == 0
    monkeypatch.setattr(recorder_module, "write_batch", real)
    assert recorder.flush() == 1
    assert ViewEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("referrer", "ua", "expected"),
    [
        ("", PHONE, "direct"),
        ("https://www.google.com.vn/", PHONE, "search"),
        ("https://coccoc.com/search?q=cchc", PHONE, "search"),
        ("https://m.facebook.com/story", PHONE, "facebook"),
        ("https://l.facebook.com/l.php?u=x", PHONE, "facebook"),
        ("https://www.youtube.com/watch?v=1", PHONE, "youtube"),
        ("https://chat.zalo.me/", PHONE, "zalo"),
        ("", PHONE + " Zalo android/12100", "zalo"),
        ("", PHONE + " [FBAN/FB4A;FBAV/400.0]", "facebook"),
        ("https://duc-tho.localhost/cai-cach-hanh-chinh/", PHONE, "internal"),
        ("https://evil.example/?zalo.me", PHONE, "other"),
        ("https://zalo.me.evil.example/", PHONE, "other"),  # forged look-alike host
        ("https://" + "a" * 5000 + ".com/", PHONE, "other"),  # huge referrer: not parsed
        ("http://[::1", PHONE, "other"),  # malformed
    ],
)
def test_channels(referrer, ua, expected):
    assert classify.channel(referrer, ua, "duc-tho.localhost") == expected


@pytest.mark.parametrize(
    ("ua", "expected"),
    [
        (PHONE, "mobile"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148", "mobile"),
        ("Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X)", "tablet"),
        ("Mozilla/5.0 (Linux; Android 12; SM-X200) AppleWebKit/537.36 Safari/537.36", "tablet"),
        (DESKTOP, "desktop"),
    ],
)
def test_devices(ua, expected):
    assert classify.device(ua) == expected


@pytest.mark.parametrize(
    "ua",
    [GOOGLEBOT, "facebookexternalhit/1.1", "curl/8.5.0", "python-requests/2.32", "", "x" * 600],
)
def test_bots(ua):
    assert classify.is_bot(ua)


@pytest.mark.parametrize("ua", [PHONE, DESKTOP, PHONE + " Zalo android/12100"])
def test_people_are_not_bots(ua):
    assert not classify.is_bot(ua)


def test_forwarded_for_is_trusted_only_from_the_configured_proxies(settings):
    from cchc.client_address import client_ip

    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.5"}
    assert client_ip(meta) == "10.0.0.1"
    settings.CCHC_TRUSTED_PROXIES = 1
    assert client_ip(meta) == "203.0.113.5"  # the forged 1.2.3.4 on the left is ignored


def test_routed_views_are_tagged_section_topic_procedure_list_and_procedure(client_a, commune_a):
    from cchc.procedures.services import procedures_import
    from cchc.procedures.tests.conftest import as_json, record

    procedures_import(
        commune=commune_a, data=as_json([record("1.001193", "Đăng ký khai sinh")]), filename="a"
    )
    topic = Topic.objects.first()
    paths = [
        "/cai-cach-hanh-chinh/",
        f"/cai-cach-hanh-chinh/chu-de/{topic.slug}/",
        "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/",
        "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/1.001193/",
        "/",
    ]
    for path in paths:
        assert _get(client_a, path).status_code == 200, path
    rows = list(ViewEvent.objects.order_by("id").values_list("kind", "object_key", "in_section"))
    assert rows == [
        ("section", "", True),
        ("topic", topic.slug, True),
        ("procedure_list", "", True),
        ("procedure", "1.001193", True),
        ("home", "", False),
    ]


def test_buffered_requests_are_judged_when_flushed(client_a, commune_a, settings, monkeypatch):
    """The live path keeps only raw headers per request; bots, bad tags and the visitor hash
    are decided at flush time, with the same outcome as deciding at once."""
    from cchc.analytics import middleware

    settings.CCHC_ANALYTICS_FLUSH_SECONDS = 3600  # the thread never wakes during the test
    buffered = Recorder()
    monkeypatch.setattr(middleware, "recorder", buffered)
    article = _article(commune_a)
    _get(client_a, article.url, ip="198.51.100.7", HTTP_REFERER="https://m.facebook.com/x")
    _get(client_a, article.url, ua=GOOGLEBOT, ip="66.249.66.1")
    _get(client_a, article.url, ip="198.51.100.8", HTTP_SEC_PURPOSE="prefetch")
    assert len(buffered._buffer) == 2  # the prefetch is refused on the request path
    assert ViewEvent.objects.count() == 0
    # A malformed tag (impossible from our pages) is dropped alone, not with the batch.
    buffered.add(buffered._buffer[0]._replace(tag="article|x"))
    assert buffered.flush() == 1  # the person; the crawler and the bad tag are not views
    event = ViewEvent.objects.get()
    assert (event.page_id, event.channel, event.device) == (article.id, "facebook", "mobile")
    today = timezone.localdate()
    assert event.day == today
    assert event.visitor == visitor_hash_of(commune_a.id, today, "198.51.100.7", PHONE)


def visitor_hash_of(commune_id: int, day: datetime.date, ip: str, ua: str) -> str:
    from cchc.analytics.visitors import visitor_hash

    return visitor_hash(day, commune_id, ip, ua)
