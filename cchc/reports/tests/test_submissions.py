"""Submitting a unit's report: versions, refusals, late detection, uploads checked by content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.rich_text import RichText

from cchc.portal.models import ArticleIndexPage, ArticlePage
from cchc.reports.models import CalendarDay, ReportingRule, UnitReport
from cchc.reports.selectors import period_for, unit_statuses
from cchc.reports.services import ReportRefused, report_submit
from cchc.reports.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit(people, unit=None, *, today=TODAY, **kwargs):
    unit = unit or people.school
    values = {"text": "Đã đăng 3 tin bài, tổ chức 1 hội nghị.", "user": people.school_editor}
    values.update(kwargs)
    return report_submit(
        commune=unit.commune, unit=unit, year=2026, kind="q3", today=today, **values
    )


def refusal(callable_, *args, **kwargs) -> ReportRefused:
    with pytest.raises(ReportRefused) as caught:
        callable_(*args, **kwargs)
    return caught.value


def test_a_report_in_time_is_version_one_on_time(people):
    report = submit(people)
    assert (report.version, report.is_current, report.late) == (1, True, False)
    assert report.due_on == dt.date(2026, 9, 4)
    assert report.submitted_by_name == "truong"


def test_a_second_submission_is_refused_unless_it_replaces_the_current_version(people):
    first = submit(people)
    again = refusal(submit, people, text="Bấm gửi lần nữa")
    assert again.code == "already_submitted"
    assert "phiên bản mới" in again.message
    second = submit(people, text="Bản sửa: 4 tin bài.", replaces=first)
    first.refresh_from_db()
    assert (second.version, second.is_current) == (2, True)
    assert first.is_current is False and first.text.startswith("Đã đăng")  # kept
    stale = refusal(submit, people, text="Từ tab cũ", replaces=first)
    assert stale.code == "stale_version"
    assert UnitReport.objects.filter(unit=people.school).count() == 2


def test_late_and_closed_periods(people):
    late = submit(people, today=dt.date(2026, 9, 7))
    assert late.late is True
    closed = refusal(submit, people, people.village, today=dt.date(2026, 9, 21))
    assert closed.code == "closed"
    assert "đã khóa" in closed.message and "04/09/2026" in closed.message
    early = refusal(submit, people, people.village, today=dt.date(2026, 6, 30))
    assert early.code == "not_started"


def test_statuses_tell_on_time_late_and_missing_units(people):
    submit(people)
    period = period_for(people.a, 2026, "q3")
    before = {s.unit.name: s.state for s in unit_statuses(people.a, period, TODAY)}
    assert before == {"Trường Tiểu học": "on_time", "Thôn 1": "pending"}  # coordinating unit out
    after = {s.unit.name: s.state for s in unit_statuses(people.a, period, dt.date(2026, 9, 7))}
    assert after["Thôn 1"] == "late"
    submit(people, people.village, today=dt.date(2026, 9, 8), user=people.village_editor)
    final = {s.unit.name: s.label for s in unit_statuses(people.a, period, dt.date(2026, 9, 8))}
    assert final["Thôn 1"] == "Đã gửi muộn"


def test_a_unit_of_another_commune_and_an_empty_report_are_refused(people):
    wrong = refusal(
        report_submit,
        commune=people.a,
        unit=people.unit_b,
        year=2026,
        kind="q3",
        text="x",
        user=people.editor_b,
        today=TODAY,
    )
    assert wrong.code == "foreign_unit"
    assert refusal(submit, people, text="   ").code == "empty"


def test_nine_months_only_where_the_province_asks_for_it(people):
    nine = refusal(
        report_submit,
        commune=people.a,
        unit=people.school,
        year=2026,
        kind="m9",
        text="x",
        user=people.school_editor,
        today=TODAY,
    )
    assert nine.code == "unknown_period"
    ReportingRule.objects.create(province=people.a.province, year=2026, nine_months=True)
    report = report_submit(
        commune=people.a,
        unit=people.school,
        year=2026,
        kind="m9",
        text="9 tháng",
        user=people.school_editor,
        today=TODAY,
    )
    assert report.due_on == dt.date(2026, 9, 4)


def test_the_provinces_rule_and_days_off_move_the_deadline(people):
    ReportingRule.objects.create(province=people.a.province, year=2026, due_day=10, before=False)
    CalendarDay.objects.create(
        province=people.a.province, day=dt.date(2026, 9, 10), kind="day_off", name="Nghỉ của tỉnh"
    )
    period = period_for(people.a, 2026, "q3")
    assert period.due == dt.date(2026, 9, 9)
    assert period_for(people.b, 2026, "q3").due == dt.date(2026, 9, 4)  # another province


def test_attachments_are_kept_with_their_hash(people):
    report = submit(people, files=[SimpleUploadedFile("bao-cao.pdf", PDF)])
    (attachment,) = report.attachments.all()
    assert attachment.name == "bao-cao.pdf" and attachment.size == len(PDF)
    assert len(attachment.sha256) == 64
    attachment.file.delete(save=False)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("bao-cao.pdf", b"<html><script>alert(1)</script></html>", "Nội dung tệp không phải PDF"),
        ("chuong-trinh.exe", b"MZ\x90\x00", "Không nhận loại tệp .exe"),
        ("rong.pdf", b"", "Tệp rỗng"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_saved(people, name, content, words):
    refused = refusal(submit, people, files=[SimpleUploadedFile(name, content)])
    assert refused.code == "bad_file" and words in refused.message
    assert not UnitReport.objects.exists()


def test_a_too_large_attachment_is_refused(people, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 20
    refused = refusal(submit, people, files=[SimpleUploadedFile("a.pdf", PDF)])
    assert "Tệp quá lớn" in refused.message


def test_figures_are_prefilled_from_the_units_published_articles(people):
    news = ArticleIndexPage.objects.descendant_of(people.a.root_page).get()
    article = ArticlePage(
        title="Thôn 1 tuyên truyền dịch vụ công",
        slug="thon-1-dvc",
        summary="x",
        body=[("paragraph", RichText("<p>x</p>"))],
        unit=people.village,
    )
    news.add_child(instance=article)
    article.save_revision().publish()
    published = dt.datetime(2026, 8, 15, 9, tzinfo=dt.UTC)  # inside Q3 2026
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=published)
    report = submit(people, people.village, user=people.village_editor)
    values = {f["key"]: f["value"] for f in report.figures}
    assert values["articles_published"] == 1
    assert values["article_views"] == 0
    assert "procedure_decisions" not in values  # not a one-stop centre
    assert {f["key"]: f["value"] for f in submit(people).figures}["articles_published"] == 0
