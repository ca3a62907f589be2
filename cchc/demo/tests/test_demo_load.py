from __future__ import annotations

import pytest
from django.test import override_settings
from wagtail.models import Page, Site

from cchc.communes.models import Commune
from cchc.demo.services import DemoRefused, demo_load
from cchc.portal.models import DirectiveDocumentPage
from cchc.procedures.models import Procedure

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (
        Commune.objects.count(),
        Page.objects.count(),
        Site.objects.count(),
        Procedure.objects.count(),
        DirectiveDocumentPage.objects.count(),
    )


def test_the_demo_loads_five_communes_and_loading_it_twice_changes_nothing():
    demo_load(report=lambda _: None)
    first = _counts()
    assert first[0] == 5
    assert DirectiveDocumentPage.objects.live().count() == 5
    # customs and tax procedures are left out of a commune's catalogue
    assert not Procedure.objects.filter(field__in=["Hải quan", "Thuế"]).exists()
    assert Procedure.objects.filter(code="1.001193").count() == 5
    demo_load(report=lambda _: None)
    assert _counts() == first


def test_the_demo_serves_its_first_commune_at_loopback_with_letters_and_english_pages(client):
    demo_load(report=lambda _: None)
    response = client.get("/", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert "Đức Thọ" in response.content.decode()
    letters = client.get("/cai-cach-hanh-chinh/van-ban-chi-dao/", HTTP_HOST="127.0.0.1:8000")
    assert "tăng cường công tác tuyên truyền cải cách hành chính" in letters.content.decode()
    vi = client.get("/gioi-thieu/", HTTP_HOST="duc-tho.localhost")
    en = client.get("/en/about/", HTTP_HOST="duc-tho.localhost")
    assert vi.status_code == 200
    assert "Cơ cấu tổ chức" in vi.content.decode()
    assert en.status_code == 200
    assert '<html lang="en">' in en.content.decode()
    assert "People's Committee" in en.content.decode()


@override_settings(DEMO=False)
def test_the_demo_refuses_to_load_outside_demo_mode():
    with pytest.raises(DemoRefused):
        demo_load(report=lambda _: None)
    assert Commune.objects.count() == 0
