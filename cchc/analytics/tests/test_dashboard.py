"""The staff dashboard: figures of recorded views, periods, who sees which commune, exports."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from cchc.analytics.forms import resolve_period
from cchc.analytics.models import DailyCount, ExportJob
from cchc.analytics.periods import Period
from cchc.analytics.recorder import write_batch
from cchc.analytics.selectors import figures
from cchc.analytics.services import rollup_commune
from cchc.analytics.tests.test_selectors import _view
from cchc.communes.services import CommuneSpec, membership_grant
from cchc.portal.provisioning import commune_create
from cchc.portal.tests.helpers import publish_article
from cchc.search.querylog import log_query

URL = "/quan-tri/thong-ke/"
EXPORT_URL = "/quan-tri/thong-ke/xuat/"
PHONE = (
    "Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36"
)


def staff(username: str, commune=None, role: str = "coordinator", province=None):
    user = get_user_model().objects.create_user(username, password="mat-khau-thu")
    membership_grant(user=user, commune=commune, role=role, province=province)
    return user


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def record(commune, day, visitors: int, reloads: int = 0, **fields) -> None:
    """`visitors` distinct people each view once, the first of them reloads `reloads` times."""
    # Real hashes include the commune; so do these.
    views = [_view(commune, day, f"{commune.id:04x}{n:012x}", **fields) for n in range(visitors)]
    views += [
        _view(commune, day, f"{commune.id:04x}{0:012x}", minute=1 + n, **fields)
        for n in range(reloads)
    ]
    write_batch(views)


def rollup(*communes) -> None:
    for commune in communes:
        rollup_commune(commune.id, timezone.localdate())


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def coordinator_a(client_a, commune_a):
    client_a.force_login(staff("dieu-phoi-a", commune_a))
    return client_a


@pytest.fixture
def commune_a2(commune_a):
    """A second commune in commune A's province (Hà Tĩnh)."""
    return commune_create(
        spec=CommuneSpec(42, "Hà Tĩnh", 18232, "Tùng Ảnh", "xa", "tung-anh"),
        hostname="tung-anh.localhost",
    )


# --- Figures -----------------------------------------------------------------------------------


def test_the_dashboard_shows_the_rolled_up_figures_of_recorded_views(coordinator_a, commune_a):
    record(commune_a, days_ago(3), visitors=40, reloads=7)
    record(commune_a, days_ago(1), visitors=2)
    record(commune_a, days_ago(1), visitors=5, in_section=False, kind="home", page_id=1)
    rollup(commune_a)

    response = coordinator_a.get(URL)

    assert response.status_code == 200
    page = text(response)
    fig = response.context["fig"]
    assert (fig.section.views, fig.section.visitors, fig.section.reloads) == (42, 42, 7)
    # The two section visitors of that day also viewed the home page: 5 distinct that day.
    assert (fig.site.views, fig.site.visitors) == (47, 45)
    cards = {c["label"]: c["value"] for c in response.context["cards"]}
    assert cards["Lượt xem chuyên mục"] == "42"
    assert cards["Lượt tải lại bị loại"] == "7"
    assert cards["Lượt xem toàn cổng"] == "47"
    assert "Đức Thọ" in page
    assert "Cách đếm" in page and "30 phút" in page
    assert "tạm tính" in page  # today is open
    assert page.count('role="img"') >= 4  # traffic, topics, channels, devices


def test_a_view_of_a_public_page_reaches_the_dashboard(coordinator_a, commune_a):
    article = publish_article(commune_a, "Hướng dẫn làm căn cước cho trẻ em", topics=[1])
    citizen = Client(HTTP_HOST="duc-tho.localhost")
    for ip in ("203.0.113.1", "203.0.113.2"):
        assert citizen.get(article.url, HTTP_USER_AGENT=PHONE, REMOTE_ADDR=ip).status_code == 200
    citizen.get(article.url, HTTP_USER_AGENT=PHONE, REMOTE_ADDR="203.0.113.2")  # a reload
    rollup(commune_a)

    response = coordinator_a.get(URL)

    (row,) = response.context["rankings"][0][2]
    assert (row["label"], row["views"], row["visitors"]) == (article.title, "2", "2")
    assert response.context["fig"].section.reloads == 1


def test_the_period_is_compared_with_the_previous_one_of_equal_length(coordinator_a, commune_a):
    record(commune_a, days_ago(2), visitors=30)
    record(commune_a, days_ago(9), visitors=20)  # in the previous 7 days
    record(commune_a, days_ago(20), visitors=99)  # in neither
    rollup(commune_a)

    response = coordinator_a.get(URL, {"khoang": "7"})

    fig = response.context["fig"]
    assert fig.period == Period(days_ago(6), days_ago(0))
    assert fig.previous == Period(days_ago(13), days_ago(7))
    assert (fig.section.views, fig.previous_section.views) == (30, 20)
    card = response.context["cards"][0]
    assert (card["value"], card["previous"], card["change"]) == ("30", "20", "▲ tăng 50 %")
    assert "▲ tăng 50 %" in text(response)


def test_the_figures_on_the_dashboard_equal_the_selectors(coordinator_a, commune_a):
    record(commune_a, days_ago(4), visitors=3, channel="zalo")
    record(commune_a, days_ago(4), visitors=2, channel="facebook", device="desktop")
    for n in range(3):  # a query is listed once three different visitors typed it
        log_query(commune_a, "so do", 0, visitor=f"{n:016x}")
    rollup(commune_a)

    response = coordinator_a.get(URL, {"tu": days_ago(10).strftime("%d/%m/%Y")})

    expected = figures(commune_a, Period(days_ago(10), days_ago(0)))
    channels = {r["label"]: r["views"] for r in response.context["channels"]["rows"]}
    assert channels == {r.label: str(r.views) for r in expected.channels}
    assert channels["Zalo"] == "3"
    assert "so do" in text(response)


def test_the_query_count_does_not_grow_with_the_data(
    coordinator_a, commune_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    record(commune_a, days_ago(1), visitors=1)
    rollup(commune_a)
    with CaptureQueriesContext(connection) as small:
        coordinator_a.get(URL, {"khoang": "nam"})
    for n in range(2, 120, 3):
        record(commune_a, days_ago(n), visitors=2, page_id=1000 + n, object_key=f"1.{n}")
    rollup(commune_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = coordinator_a.get(URL, {"tu": days_ago(200).strftime("%d/%m/%Y")})
    assert response.status_code == 200


# --- Bad periods -------------------------------------------------------------------------------


def test_an_end_before_the_start_is_refused_with_a_message(coordinator_a):
    response = coordinator_a.get(URL, {"tu": "20/03/2025", "den": "10/03/2025"})

    assert response.status_code == 200
    page = text(response)
    assert "Ngày kết thúc (10/03/2025) trước ngày bắt đầu (20/03/2025)" in page
    assert "Đang hiển thị 30 ngày gần nhất" in page
    assert response.context["fig"].period == Period(days_ago(29), days_ago(0))


def test_a_period_of_ten_years_is_clamped_to_three(coordinator_a):
    response = coordinator_a.get(URL, {"tu": "01/01/2015", "den": "31/12/2024"})

    assert response.context["fig"].period == Period(
        datetime.date(2022, 1, 1), datetime.date(2024, 12, 31)
    )
    assert "dài hơn 3 năm nên chỉ tính 3 năm gần nhất: từ 01/01/2022 đến 31/12/2024" in text(
        response
    )


def test_a_future_end_is_clamped_to_today(coordinator_a):
    future = days_ago(-40).strftime("%d/%m/%Y")
    response = coordinator_a.get(URL, {"tu": days_ago(5).strftime("%d/%m/%Y"), "den": future})

    assert response.context["fig"].period == Period(days_ago(5), days_ago(0))
    assert f"Ngày kết thúc ({future}) ở tương lai" in text(response)


@pytest.mark.parametrize(
    ("preset", "start"),
    [
        ("7", datetime.date(2026, 8, 14)),
        ("30", datetime.date(2026, 7, 22)),
        ("thang", datetime.date(2026, 8, 1)),
        ("quy", datetime.date(2026, 7, 1)),
        ("nam", datetime.date(2026, 1, 1)),
    ],
)
def test_presets_end_today(preset, start):
    today = datetime.date(2026, 8, 20)
    resolved = resolve_period({"khoang": preset}, today)
    assert resolved.period == Period(start, today)
    assert not resolved.messages


def test_only_a_start_runs_to_today_and_only_an_end_takes_30_days_before_it():
    today = datetime.date(2026, 8, 20)
    assert resolve_period({"tu": "01/08/2026"}, today).period == Period(
        datetime.date(2026, 8, 1), today
    )
    assert resolve_period({"den": "2026-03-30"}, today).period == Period(
        datetime.date(2026, 3, 1), datetime.date(2026, 3, 30)
    )


def test_an_unknown_preset_is_refused_with_a_message(coordinator_a):
    response = coordinator_a.get(URL, {"khoang": "muoi-nam"})
    assert "Khoảng thời gian có sẵn không hợp lệ." in text(response)
    assert response.context["fig"].period == Period(days_ago(29), days_ago(0))


@pytest.mark.parametrize("garbage", ["hôm qua", "31/02/2026", "2026-13-01", "<script>"])
def test_unreadable_dates_show_a_message_and_the_default_period(coordinator_a, garbage):
    response = coordinator_a.get(URL, {"tu": garbage, "den": "01/03/2026"})

    assert response.status_code == 200
    page = text(response)
    assert "Ngày phải viết theo dạng ngày/tháng/năm" in page
    assert 'value="<script>"' not in page
    assert response.context["fig"].period == Period(days_ago(29), days_ago(0))


# --- Who sees what -----------------------------------------------------------------------------


def test_staff_of_commune_a_cannot_see_commune_b_by_changing_the_parameter(
    coordinator_a, commune_a, commune_b
):
    article_b = publish_article(commune_b, "Bài chỉ có ở Nguyệt Viên")
    record(commune_b, days_ago(1), visitors=5, page_id=article_b.id)
    rollup(commune_b)

    assert coordinator_a.get(URL, {"xa": commune_b.id}).status_code == 404
    assert coordinator_a.get(URL, {"xa": "abc"}).status_code == 404
    response = coordinator_a.get(URL)
    assert response.context["commune"] == commune_a
    assert "Bài chỉ có ở Nguyệt Viên" not in text(response)
    assert response.context["fig"].section.views == 0


def test_every_role_of_the_commune_sees_its_dashboard(client_a, commune_a):
    for role in ("editor", "coordinator", "leader"):
        client_a.force_login(staff(f"can-bo-{role}", commune_a, role))
        response = client_a.get(URL)
        assert response.status_code == 200
        assert response.context["commune"] == commune_a


def test_an_admin_user_without_a_commune_gets_404(client_a, commune_a):
    outsider = get_user_model().objects.create_user("ngoai", password="x")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client_a.force_login(outsider)

    assert client_a.get(URL).status_code == 404
    assert client_a.get("/quan-tri/thong-ke/so-sanh/").status_code == 404
    assert '"/quan-tri/thong-ke/"' not in client_a.get("/quan-tri/").content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login(client_a):
    response = client_a.get(URL)
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def test_the_menu_shows_the_statistics_to_staff(coordinator_a):
    assert '"/quan-tri/thong-ke/"' in coordinator_a.get("/quan-tri/").content.decode()


def test_a_province_officer_compares_the_communes_of_the_province(
    client_a, commune_a, commune_a2, commune_b
):
    record(commune_a, days_ago(1), visitors=12)
    record(commune_a2, days_ago(1), visitors=3)
    record(commune_b, days_ago(1), visitors=50)
    rollup(commune_a, commune_a2, commune_b)
    client_a.force_login(staff("so-noi-vu", role="province_officer", province=commune_a.province))

    response = client_a.get("/quan-tri/thong-ke/so-sanh/")

    assert response.status_code == 200
    rows = [(r["commune"], r["views"]) for r in response.context["rows"]]
    assert rows == [(commune_a, "12"), (commune_a2, "3")]
    assert "Nguyệt Viên" not in text(response)
    # They pick a commune of their province, never one outside it.
    picked = client_a.get(URL, {"xa": commune_a2.id})
    assert picked.context["fig"].section.views == 3
    assert {c.id for c in picked.context["communes"]} == {commune_a.id, commune_a2.id}
    assert client_a.get(URL, {"xa": commune_b.id}).status_code == 404


def test_commune_staff_do_not_get_the_province_comparison(coordinator_a):
    assert coordinator_a.get("/quan-tri/thong-ke/so-sanh/").status_code == 404


def test_no_admin_url_lets_anyone_change_the_counts(client_a, commune_a):
    names = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                walk(p.url_patterns, prefix + str(p.pattern))
            else:
                names.append(f"{prefix}{p.pattern} {p.name or ''}".lower())

    walk(get_resolver().url_patterns)
    for model in ("dailycount", "monthlycount", "viewevent", "exportjob", "rollupstate"):
        assert not [n for n in names if model in n]
    admin = get_user_model().objects.create_superuser("quan-tri", password="x")
    client_a.force_login(admin)
    for url in (
        "/quan-tri/snippets/analytics/dailycount/",
        "/quan-tri/snippets/analytics/exportjob/",
        "/admin/analytics/dailycount/",
    ):
        response = client_a.get(url, follow=True)
        assert response.status_code == 404
    assert DailyCount.objects.count() == 0


# --- Exports from the dashboard ----------------------------------------------------------------


def _export(client, commune, fmt="csv", **period):
    data = {"xa": commune.id, "format": fmt, "tu": days_ago(6).strftime("%d/%m/%Y")}
    data["den"] = days_ago(0).strftime("%d/%m/%Y")
    data.update(period)
    return client.post(EXPORT_URL, data)


def test_an_export_runs_to_the_end_and_its_file_matches_the_hash(
    coordinator_a, commune_a, django_capture_on_commit_callbacks
):
    record(commune_a, days_ago(2), visitors=4)
    rollup(commune_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _export(coordinator_a, commune_a, "xlsx")

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/quan-tri/thong-ke/xuat/{job.id}/"
    assert (job.status, job.progress, job.format) == ("done", 100, "xlsx")
    assert (job.start, job.end) == (days_ago(6), days_ago(0))
    assert job.user.username == "dieu-phoi-a" and job.user_name == "dieu-phoi-a"
    page = coordinator_a.get(response["Location"])
    assert 'http-equiv="refresh"' not in page.content.decode()
    assert job.sha256 in page.content.decode()
    download = coordinator_a.get(f"/quan-tri/thong-ke/xuat/{job.id}/tai-ve/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        f"thong-ke-duc-tho-{days_ago(6):%Y%m%d}-{days_ago(0):%Y%m%d}.xlsx"
        in (download["Content-Disposition"])
    )
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == job.sha256
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    # The audit trail on the dashboard.
    log = coordinator_a.get(URL).context["exports"]
    assert log == [job]


def test_a_file_gone_from_the_disk_is_a_404_not_an_error(
    coordinator_a, commune_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _export(coordinator_a, commune_a)
    job = ExportJob.objects.get()
    job.file.storage.delete(job.file.name)
    assert coordinator_a.get(f"/quan-tri/thong-ke/xuat/{job.id}/tai-ve/").status_code == 404


def test_a_waiting_export_shows_its_progress_and_refreshes_itself(coordinator_a, commune_a):
    response = _export(coordinator_a, commune_a, "docx")  # on_commit not run: still waiting
    job = ExportJob.objects.get()
    assert job.status == "pending"

    page = coordinator_a.get(response["Location"]).content.decode()

    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="tien-do" max="100" value="0">' in page
    assert coordinator_a.get(f"/quan-tri/thong-ke/xuat/{job.id}/tai-ve/").status_code == 404


def test_an_editor_sees_the_dashboard_but_cannot_export(
    client_a, commune_a, django_capture_on_commit_callbacks
):
    client_a.force_login(staff("lanh-dao", commune_a, "leader"))
    with django_capture_on_commit_callbacks(execute=True):
        _export(client_a, commune_a)
    job = ExportJob.objects.get()
    client_a.force_login(staff("bien-tap", commune_a, "editor"))
    page = client_a.get(URL)
    assert page.status_code == 200
    assert "Xuất CSV" not in text(page)
    assert "biên tập viên chỉ xem" in text(page)

    assert "Hoàn thành" in text(page)  # the export log is shown, without links
    assert f"/quan-tri/thong-ke/xuat/{job.id}/" not in text(page)
    refused = _export(client_a, commune_a)  # Wagtail turns PermissionDenied into a redirect
    assert (refused.status_code, refused["Location"]) == (302, "/quan-tri/")
    assert ExportJob.objects.count() == 1
    assert client_a.get(f"/quan-tri/thong-ke/xuat/{job.id}/").status_code == 404
    assert client_a.get(f"/quan-tri/thong-ke/xuat/{job.id}/tai-ve/").status_code == 404


def test_leaders_and_province_officers_export(client_a, commune_a, commune_a2):
    client_a.force_login(staff("lanh-dao", commune_a, "leader"))
    assert _export(client_a, commune_a).status_code == 302
    client_a.force_login(staff("so", role="province_officer", province=commune_a.province))
    assert _export(client_a, commune_a2).status_code == 302
    assert ExportJob.objects.filter(commune=commune_a2).count() == 1


def test_exports_and_their_files_stay_in_their_commune(
    coordinator_a, client_b, commune_a, commune_b, django_capture_on_commit_callbacks
):
    other = Client(HTTP_HOST="nguyet-vien.localhost")
    other.force_login(staff("dieu-phoi-b", commune_b))
    with django_capture_on_commit_callbacks(execute=True):
        _export(other, commune_b)
    job_b = ExportJob.objects.get(commune=commune_b)

    assert _export(coordinator_a, commune_b).status_code == 404
    assert coordinator_a.get(f"/quan-tri/thong-ke/xuat/{job_b.id}/").status_code == 404
    assert coordinator_a.get(f"/quan-tri/thong-ke/xuat/{job_b.id}/tai-ve/").status_code == 404
    assert coordinator_a.get(URL).context["exports"] == []


def test_an_export_needs_a_post_with_a_valid_format_and_period(coordinator_a, commune_a):
    assert coordinator_a.get(EXPORT_URL).status_code == 405
    assert _export(coordinator_a, commune_a, "exe").status_code == 302
    assert _export(coordinator_a, commune_a, tu="10/03/2025", den="01/03/2025").status_code == 302
    assert not ExportJob.objects.exists()
    page = text(coordinator_a.get(URL))
    assert "Định dạng tệp không hợp lệ" in page
    assert "trước ngày bắt đầu" in page


def test_an_export_is_refused_without_the_csrf_token(commune_a):
    browser = Client(HTTP_HOST="duc-tho.localhost", enforce_csrf_checks=True)
    browser.force_login(staff("dieu-phoi", commune_a))
    assert _export(browser, commune_a).status_code == 403
    assert not ExportJob.objects.exists()
