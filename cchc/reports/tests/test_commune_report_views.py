"""The commune's report in the back office: drafted, edited as versions, exported as DOCX; only
the commune's coordinators and leaders draft it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from cchc.communes.models import Membership
from cchc.decree30.layout import DRAFT_BLANK
from cchc.reports.commune_report import SECTIONS
from cchc.reports.models import CommuneReportVersion
from cchc.reports.tests.commune_report_data import fix_clock, make_plan, unit_report
from cchc.reports.tests.conftest import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    return fix_clock(monkeypatch)


def as_user(client, user):
    client.defaults["HTTP_HOST"] = "duc-tho.localhost"
    client.force_login(user)
    return client


def draft_url(commune, kind="q3", year=2026) -> str:
    return reverse("reports_commune_draft", args=[commune.pk, year, kind])


def export_url(commune, kind="q3", year=2026) -> str:
    return reverse("reports_commune_export", args=[commune.pk, year, kind])


def form_data(page) -> dict:
    """The form as the browser would post it back, from the page's initial values."""
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, dt.date):
            value = f"{value:%d/%m/%Y}"
        data[name] = "" if value is None else value
    return data


def open_docx(response) -> tuple[str, list[str], Document]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    body = [p.text for p in document.paragraphs]
    header = [c.text for row in document.tables[0].rows for c in row.cells]
    return "\n".join(body), header, document


@pytest.fixture
def reported(people, today):
    make_plan(people.a, people.coordinating)
    unit_report(people.school, "Trường tổ chức 3 buổi ngoại khóa.", figures=[])
    return people


def test_the_coordinator_drafts_edits_as_versions_and_exports_the_chosen_one(
    client, reported, today
):
    people = reported
    as_user(client, people.coordinator)
    page = client.get(draft_url(people.a))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Trường tổ chức 3 buổi ngoại khóa." in html and "Chưa lưu phiên bản nào." in html

    first = form_data(page)
    first["section_assessment"] = "- Ưu điểm: BẢN MỘT."
    first["signer_name"] = "Nguyễn Văn Ký"
    assert client.post(draft_url(people.a), first).status_code == 302
    second = form_data(client.get(draft_url(people.a)))
    assert second["section_assessment"] == "- Ưu điểm: BẢN MỘT."  # the latest version reopens
    assert second["base_version"] == 1
    second["section_assessment"] = "- Ưu điểm: BẢN HAI."
    second["signed_on"] = "03/09/2026"
    assert client.post(draft_url(people.a), second).status_code == 302

    versions = list(CommuneReportVersion.objects.order_by("version"))
    assert [(v.version, v.created_by_id) for v in versions] == [
        (1, people.coordinator.pk),
        (2, people.coordinator.pk),
    ]
    assert versions[0].sections["assessment"] == "- Ưu điểm: BẢN MỘT."  # kept, not overwritten
    assert versions[0].tables["items"]["rows"][0][1] == "Tuyên truyền trên chuyên mục CCHC"

    body, header, document = open_docx(client.get(export_url(people.a)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in " ".join(header)
    assert "ỦY BAN NHÂN DÂN" in " ".join(header) and "XÃ ĐỨC THỌ" in " ".join(header)
    assert "Số:      /BC-UBND" in " ".join(header)
    assert "Đức Thọ, ngày 03 tháng 9 năm 2026" in " ".join(header)
    assert "BÁO CÁO" in body
    assert (
        "Kết quả thực hiện công tác thông tin, tuyên truyền cải cách hành chính quý III/2026"
        in (body)
    )
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG", "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI"):
        assert heading in body
    assert "BẢN HAI" in body and "BẢN MỘT" not in body
    assert "IV. ĐỀ XUẤT, KIẾN NGHỊ" not in body  # optional and left empty: not printed
    footer = " ".join(c.text for row in document.tables[-1].rows for c in row.cells)
    assert "Nơi nhận:" in footer and "Nguyễn Văn Ký" in footer and "PHÓ CHỦ TỊCH" in footer
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Tuyên truyền trên chuyên mục CCHC" in cells  # the plan table of the version

    old, _, _ = open_docx(client.get(export_url(people.a) + "?phien-ban=1"))
    assert "BẢN MỘT" in old and "BẢN HAI" not in old
    assert client.get(export_url(people.a) + "?phien-ban=9").status_code == 404


def test_an_empty_required_section_and_a_stale_form_are_refused_in_vietnamese(
    client, reported, today
):
    people = reported
    as_user(client, people.coordinator)
    data = form_data(client.get(draft_url(people.a)))
    blank = {**data, "section_plan": "   "}
    response = client.post(draft_url(people.a), blank)
    assert response.status_code == 400
    heading = next(s.heading for s in SECTIONS if s.key == "plan")
    assert f"Mục «{heading}» không được để trống." in response.content.decode()
    assert not CommuneReportVersion.objects.exists()

    assert client.post(draft_url(people.a), data).status_code == 302
    stale = client.post(draft_url(people.a), data)  # a second tab opened before the first save
    assert stale.status_code == 400
    assert "Đã có phiên bản 1 được lưu sau khi bạn mở báo cáo" in stale.content.decode()
    assert CommuneReportVersion.objects.count() == 1

    early = client.post(draft_url(people.a), {**data, "base_version": 1, "signed_on": "1/1/2026"})
    assert "Ngày ký không được trước ngày đầu của kỳ báo cáo." in early.content.decode()


def test_before_any_save_the_export_is_the_platforms_draft(client, reported, today):
    as_user(client, reported.coordinator)
    body, header, _ = open_docx(client.get(export_url(reported.a)))
    assert "Trường Tiểu học: Trường tổ chức 3 buổi ngoại khóa." in body
    assert f"Đức Thọ, ngày{DRAFT_BLANK}tháng{DRAFT_BLANK}năm" in " ".join(header)  # unsigned


def test_a_leader_drafts_too(client, people, today):
    leader = staff("lanhdao", Membership.Role.LEADER, people.a)
    as_user(client, leader)
    assert client.get(draft_url(people.a)).status_code == 200
    assert client.get(export_url(people.a)).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator_b", 404),  # another commune: not even named
        ("editor_b", 404),
        ("school_editor", 404),  # the commune's unit staff send their own reports only
        ("province_officer", 404),  # follows the commune's reports, does not draft them
    ],
)
def test_others_neither_draft_nor_export(client, people, today, persona, status):
    as_user(client, getattr(people, persona))
    assert client.get(draft_url(people.a)).status_code == status
    assert client.get(export_url(people.a)).status_code == status
    assert client.post(draft_url(people.a), {"base_version": "0"}).status_code == status
    assert not CommuneReportVersion.objects.exists()


def test_a_period_the_rule_does_not_ask_for_is_not_found(client, people, today):
    as_user(client, people.coordinator)
    assert client.get(draft_url(people.a, kind="m9")).status_code == 404  # no 9-month report
    assert client.get(draft_url(people.a, kind="zz")).status_code == 404
    assert client.get(draft_url(people.a, year=1999)).status_code == 404
    assert client.get(draft_url(people.a) + "?phien-ban=abc").status_code == 404


def test_the_reports_page_offers_the_draft_to_the_coordinator_only(client, people, today):
    as_user(client, people.coordinator)
    page = client.get(reverse("reports_index") + f"?xa={people.a.pk}&nam=2026&ky=q3")
    assert draft_url(people.a) in page.content.decode()
    as_user(client, people.province_officer)
    page = client.get(reverse("reports_index") + f"?xa={people.a.pk}&nam=2026&ky=q3")
    assert page.status_code == 200 and draft_url(people.a) not in page.content.decode()
