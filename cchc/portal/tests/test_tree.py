from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_links_to_the_reform_section(client_a):
    response = client_a.get("/")
    assert response.status_code == 200
    assert b'href="/cai-cach-hanh-chinh/"' in response.content


def test_each_subsection_answers(client_a):
    for slug in [
        "",
        "tin-tuc/",
        "huong-dan-dich-vu-cong/",
        "van-ban-chi-dao/",
        "da-phuong-tien/",
        "duong-day-nong/",
    ]:
        assert client_a.get(f"/cai-cach-hanh-chinh/{slug}").status_code == 200, slug


def test_an_unknown_host_gets_a_vietnamese_404(client, commune_a):
    response = client.get("/", HTTP_HOST="khong-co.localhost")
    assert response.status_code == 404
    assert "Không tìm thấy trang của xã, phường" in response.content.decode()


def test_creating_a_commune_twice_changes_nothing(commune_a):
    from wagtail.models import Page, Site

    from cchc.communes.services import CommuneSpec
    from cchc.portal.provisioning import commune_create

    pages, sites = Page.objects.count(), Site.objects.count()
    commune_create(
        spec=CommuneSpec(42, "Hà Tĩnh", 18229, "Đức Thọ", "xa", "duc-tho"),
        hostname="duc-tho.localhost",
    )
    assert (Page.objects.count(), Site.objects.count()) == (pages, sites)
