"""The back office «Báo cáo định kỳ»: each persona sees and does only what is theirs."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.reports.models import ReportAttachment, UnitReport
from cchc.reports.services import report_submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def as_user(client, user):
    client.defaults["HTTP_HOST"] = "duc-tho.localhost"  # the back office on a commune's host
    client.force_login(user)
    return client


def submit_url(unit, kind="q3"):
    return reverse("reports_submit", args=[unit.pk, 2026, kind])


def school_report(people) -> UnitReport:
    return report_submit(
        commune=people.a,
        unit=people.school,
        year=2026,
        kind="q3",
        text="Báo cáo của trường: BÍ MẬT TRƯỜNG",
        user=people.school_editor,
        files=[SimpleUploadedFile("bao-cao.pdf", PDF)],
    )


def test_a_unit_editor_submits_and_then_only_replaces_with_a_new_version(client, people, today):
    as_user(client, people.school_editor)
    page = client.get(submit_url(people.school))
    assert page.status_code == 200 and "Tin, bài đã đăng" in page.content.decode()
    response = client.post(
        submit_url(people.school),
        {"text": "Đã đăng 3 tin.", "files": [SimpleUploadedFile("a.pdf", PDF)]},
    )
    report = UnitReport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "reports_detail", args=[report.pk]
    )
    again = client.post(submit_url(people.school), {"text": "Bấm gửi lần hai"})
    assert again.status_code == 400
    assert "Đơn vị đã gửi báo cáo Quý III/2026" in again.content.decode()
    replaced = client.post(
        submit_url(people.school), {"text": "Bản sửa.", "replaces": str(report.pk)}
    )
    assert replaced.status_code == 302
    assert list(UnitReport.objects.values_list("version", "is_current")) == [(2, True), (1, False)]
    detail = client.get(replaced.url).content.decode()
    assert "Phiên bản 1" in detail and "Bản sửa." in detail
    os_files = ReportAttachment.objects.all()
    for item in os_files:
        item.file.delete(save=False)


def test_a_wrong_file_type_is_refused_in_vietnamese(client, people, today):
    as_user(client, people.school_editor)
    response = client.post(
        submit_url(people.school),
        {"text": "x", "files": [SimpleUploadedFile("anh.pdf", b"<svg onload=alert(1)>")]},
    )
    assert response.status_code == 400
    assert "Nội dung tệp không phải PDF" in response.content.decode()
    assert not UnitReport.objects.exists()


@pytest.mark.parametrize("who", ["village_editor", "coordinator_b", "editor_b", "province_officer"])
def test_nobody_else_submits_for_a_unit(client, people, today, who):
    as_user(client, getattr(people, who))
    assert client.get(submit_url(people.school)).status_code == 404
    assert client.post(submit_url(people.school), {"text": "x"}).status_code == 404
    assert not UnitReport.objects.exists()


@pytest.mark.parametrize("who", ["village_editor", "coordinator_b", "editor_b"])
def test_another_units_or_communes_report_and_files_are_not_found(client, people, today, who):
    report = school_report(people)
    attachment = report.attachments.get()
    as_user(client, getattr(people, who))
    assert client.get(reverse("reports_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports_attachment", args=[attachment.pk])).status_code == 404
    attachment.file.delete(save=False)


@pytest.mark.parametrize("who", ["school_editor", "coordinator", "province_officer"])
def test_the_unit_the_coordinator_and_the_province_read_the_report(client, people, today, who):
    report = school_report(people)
    attachment = report.attachments.get()
    as_user(client, getattr(people, who))
    assert (
        "BÍ MẬT TRƯỜNG" in client.get(reverse("reports_detail", args=[report.pk])).content.decode()
    )
    download = client.get(reverse("reports_attachment", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    attachment.file.delete(save=False)


def test_the_coordinator_sees_who_submitted_and_who_is_late_and_reminds(
    client, people, monkeypatch
):
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 9, 7))
    report_submit(
        commune=people.a,
        unit=people.school,
        year=2026,
        kind="q3",
        text="x",
        user=people.school_editor,
    )
    as_user(client, people.coordinator)
    page = client.get(reverse("reports_index"), {"xa": people.a.pk, "nam": 2026, "ky": "q3"})
    body = page.content.decode()
    assert "Tình hình gửi báo cáo Quý III/2026" in body
    assert "Đã gửi muộn" in body and "Quá hạn, chưa gửi" in body
    assert "Văn phòng phường" not in body  # commune B's unit
    remind = client.post(reverse("reports_remind"), {"xa": people.a.pk, "nam": 2026, "ky": "q3"})
    assert remind.status_code == 302
    assert [m.to for m in mail.outbox] == [["thon1@example.gov.vn"]]


@pytest.mark.parametrize("who", ["school_editor", "coordinator_b", "province_officer"])
def test_only_the_communes_coordinator_reminds(client, people, today, who):
    as_user(client, getattr(people, who))
    response = client.post(reverse("reports_remind"), {"xa": people.a.pk, "nam": 2026, "ky": "q3"})
    assert response.status_code == 404 and mail.outbox == []


def test_another_communes_status_is_not_found(client, people, today):
    as_user(client, people.coordinator_b)
    assert client.get(reverse("reports_index"), {"xa": people.a.pk}).status_code == 404


def test_a_unit_editor_sees_the_due_panel_and_no_status_table(client, people, today):
    as_user(client, people.village_editor)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Báo cáo sắp đến hạn" in home and "Quý III/2026 — Thôn 1" in home
    listing = client.get(reverse("reports_index")).content.decode()
    assert "Tình hình gửi báo cáo" not in listing and "Trường Tiểu học" not in listing
