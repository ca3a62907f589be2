"""The demo: xã Quyết Thắng's coordinator drafts the commune's Q3 2026 report from the plan of
seed 001 and the units' reports, and downloads it."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document

from cchc.demo import content
from cchc.demo.commune_report import COORDINATOR, demo_commune_report
from cchc.demo.plans import demo_plan
from cchc.demo.services import _articles, _units
from cchc.portal.provisioning import commune_create
from cchc.reports.models import UnitReport
from cchc.reports.tests.commune_report_data import fix_clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    return fix_clock(monkeypatch)


def test_quyet_thangs_coordinator_drafts_the_q3_2026_report(client, today):
    spec = next(d.spec for d in content.COMMUNES if d.spec.slug == "quyet-thang")
    commune = commune_create(spec=spec, hostname="quyet-thang.localhost")
    _units(commune)
    _articles(commune)
    demo_plan(commune, report=lambda _: None)
    demo_commune_report(commune)
    demo_commune_report(commune)  # idempotent
    assert UnitReport.objects.filter(commune=commune, period="q3").count() == 2

    client.defaults["HTTP_HOST"] = "quyet-thang.localhost"
    client.force_login(get_user_model().objects.get(username=COORDINATOR))
    page = client.get(reverse("reports_commune_draft", args=[commune.pk, 2026, "q3"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Trung tâm Dịch vụ sự nghiệp công" in html and "Thôn 1" in html
    assert "Kế hoạch số /KH-UBND" not in html  # a plan without a number is named without one

    response = client.get(reverse("reports_commune_export", args=[commune.pk, 2026, "q3"]))
    document = Document(io.BytesIO(response.content))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "ỦY BAN NHÂN DÂN" in document.tables[0].rows[0].cells[0].text
    assert "quý III/2026" in body and "Mai Đàm Thanh Vân" in document.tables[-1]._cells[-1].text
    assert "phát 150 tờ rơi hướng dẫn cài đặt VNeID" in body  # Thôn 1's report, merged
