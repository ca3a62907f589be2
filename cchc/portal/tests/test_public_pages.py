from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.utils.timezone import localtime

from cchc.portal.tests.helpers import publish_article

pytestmark = pytest.mark.django_db


def test_an_article_is_listed_on_the_news_page_and_the_section(client_a, commune_a):
    publish_article(commune_a, "Triển khai dịch vụ công trực tuyến toàn trình")
    for url in ["/", "/cai-cach-hanh-chinh/", "/cai-cach-hanh-chinh/tin-tuc/"]:
        assert "Triển khai dịch vụ công trực tuyến toàn trình" in client_a.get(url).content.decode()


def test_an_article_carries_open_graph_tags_for_zalo_and_facebook(client_a, commune_a):
    article = publish_article(commune_a, "Tin có chia sẻ", summary="Tóm tắt cho Zalo")
    html = client_a.get(article.url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Tin có chia sẻ">' in html
    assert '<meta property="og:description" content="Tóm tắt cho Zalo">' in html
    assert (
        'property="og:url" content="http://duc-tho.localhost/cai-cach-hanh-chinh/tin-tuc/' in html
    )


def test_articles_are_listed_by_topic(client_a, commune_a):
    publish_article(commune_a, "Bài về dịch vụ công", topics=[8])
    publish_article(commune_a, "Bài về PAR INDEX", topics=[4])
    html = client_a.get("/cai-cach-hanh-chinh/chu-de/dich-vu-cong-duong-day-nong/").content.decode()
    assert "Bài về dịch vụ công" in html
    assert "Bài về PAR INDEX" not in html
    assert client_a.get("/cai-cach-hanh-chinh/chu-de/khong-co/").status_code == 404


def test_the_section_feed_is_announced_and_lists_the_communes_articles_only(
    client, commune_a, commune_b
):
    publish_article(commune_a, "Tin của Đức Thọ")
    publish_article(commune_b, "Tin của Nguyệt Viên")
    home = client.get("/", HTTP_HOST="duc-tho.localhost").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    feed = client.get("/cai-cach-hanh-chinh/rss.xml", HTTP_HOST="duc-tho.localhost")
    assert feed.status_code == 200
    titles = [t.text for t in ET.fromstring(feed.content).iter("title")]
    assert "Tin của Đức Thọ" in titles
    assert "Tin của Nguyệt Viên" not in titles


def test_the_sitemap_lists_only_the_hosts_own_pages(client, commune_a, commune_b):
    publish_article(commune_a, "Tin trong sơ đồ trang", slug="tin-so-do")
    a = client.get("/sitemap.xml", HTTP_HOST="duc-tho.localhost").content.decode()
    b = client.get("/sitemap.xml", HTTP_HOST="nguyet-vien.localhost").content.decode()
    assert "http://duc-tho.localhost/cai-cach-hanh-chinh/tin-tuc/tin-so-do/" in a
    assert "tin-so-do" not in b


def test_commune_b_cannot_reach_commune_as_article(client, commune_a, commune_b):
    article = publish_article(commune_a, "Chỉ của Đức Thọ", slug="chi-cua-duc-tho")
    assert client.get(article.url, HTTP_HOST="duc-tho.localhost").status_code == 200
    assert client.get(article.url, HTTP_HOST="nguyet-vien.localhost").status_code == 404


def test_a_draft_is_not_public(client_a, commune_a):
    article = publish_article(commune_a, "Bản nháp", slug="ban-nhap")
    article.unpublish()
    assert client_a.get("/cai-cach-hanh-chinh/tin-tuc/ban-nhap/").status_code == 404
    assert "Bản nháp" not in client_a.get("/cai-cach-hanh-chinh/tin-tuc/").content.decode()


def test_dates_are_shown_day_first(client_a, commune_a):
    article = publish_article(commune_a, "Tin có ngày")
    expected = localtime(article.first_published_at).strftime("%d/%m/%Y")
    assert expected in client_a.get("/cai-cach-hanh-chinh/tin-tuc/").content.decode()


def test_html_in_titles_is_escaped(client_a, commune_a):
    publish_article(commune_a, "<script>alert(1)</script> tin", slug="xss")
    html = client_a.get("/cai-cach-hanh-chinh/tin-tuc/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_robots_txt_points_to_the_sitemap(client_a):
    body = client_a.get("/robots.txt").content.decode()
    assert "Sitemap: http://duc-tho.localhost/sitemap.xml" in body


def test_the_section_shows_recently_changed_procedures(client_a, commune_a, commune_b):
    import datetime as dt

    from cchc.procedures.models import Procedure
    from cchc.procedures.services import procedure_change_status

    mine = Procedure.objects.create(
        commune=commune_a, code="1.001193", name="Thủ tục đăng ký khai sinh", field="Hộ tịch"
    )
    theirs = Procedure.objects.create(
        commune=commune_b, code="1.000894", name="Thủ tục đăng ký kết hôn", field="Hộ tịch"
    )
    for procedure in (mine, theirs):
        procedure_change_status(
            procedure=procedure,
            status="amended",
            effective_on=dt.date(2026, 7, 1),
            decision="Quyết định 1/QĐ-UBND",
        )
    html = client_a.get("/cai-cach-hanh-chinh/").content.decode()
    assert "Thủ tục đăng ký khai sinh" in html
    assert "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/1.001193/" in html
    assert "01/07/2026" in html
    assert "Thủ tục đăng ký kết hôn" not in html
