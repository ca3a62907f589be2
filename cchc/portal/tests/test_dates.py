"""Dates the Vietnamese way (issue 10, item 1): the server reads what Wagtail's pickers write.

The pickers write dd/mm/yyyy and dd/mm/yyyy HH:MM (WAGTAIL_DATE_FORMAT, WAGTAIL_DATETIME_FORMAT);
before, "02/12/2026 03:19" was stored as 12 February and a 13th day was refused. Every form and
filter is checked: the page editor's go-live, a procedure's status date, Wagtail's report
filters, the statistics period and the audit-log filter; in Vietnamese and for a staff member
who chose English.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.checks import datetime_format_check
from wagtail.log_actions import log
from wagtail.models import PageLogEntry
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from cchc.communes.models import Membership
from cchc.communes.services import membership_grant
from cchc.formats.fields import DATE_INVALID, DATETIME_INVALID, YEAR_OUT_OF_RANGE
from cchc.portal.models import ArticleIndexPage, ArticlePage
from cchc.procedures.models import Procedure

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
LANGUAGES = [code for code, _ in settings.LANGUAGES]
HOST_A = "duc-tho.localhost"
PROCEDURES_URL = "/quan-tri/snippets/procedures/procedure/"


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HANOI)


# --- The input formats, whatever the language ---------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("day", range(1, 32))
def test_every_day_of_a_month_is_read_day_first(language: str, day: int) -> None:
    with translation.override(language), timezone.override(HANOI):
        date, moment = forms.DateField(), forms.DateTimeField()
        expected = dt.date(2026, 12, day)
        for text in (f"{day:02d}/12/2026", f"{day}/12/2026", f"2026-12-{day:02d}"):
            assert date.clean(text) == expected, text
        for text in (
            f"{day:02d}/12/2026 08:05",
            f"{day}/12/2026 08:05",
            f"2026-12-{day:02d} 08:05",
        ):
            assert moment.clean(text) == at(2026, 12, day, 8, 5), text
        # A date alone in a date-time field is that day's midnight, not a month-first reading.
        assert moment.clean(f"{day:02d}/12/2026") == at(2026, 12, day, 0, 0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_issues_example_is_the_second_of_december(language: str) -> None:
    with translation.override(language), timezone.override(HANOI):
        assert forms.DateTimeField().clean("02/12/2026 03:19") == at(2026, 12, 2, 3, 19)
        assert forms.DateField().clean("02/12/2026") == dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/01/2026 23:59", at(2026, 1, 31, 23, 59)),
        ("28/02/2026 12:00", at(2026, 2, 28, 12, 0)),
        ("29/02/2028 12:00", at(2028, 2, 29, 12, 0)),  # a leap year
        ("31/03/2026 00:00", at(2026, 3, 31, 0, 0)),
        ("30/04/2026 17:30", at(2026, 4, 30, 17, 30)),
        ("30/06/2026 07:00", at(2026, 6, 30, 7, 0)),
        ("31/12/2026 23:59", at(2026, 12, 31, 23, 59)),  # the end of a year…
        ("01/01/2027 00:00", at(2027, 1, 1, 0, 0)),  # …and the next one
        ("31/12/2026 23:59:59", at(2026, 12, 31, 23, 59, 59)),
        ("13/12/26 08:00", at(2026, 12, 13, 8, 0)),  # two-digit year: 2026, not the year 26
        ("2026-12-31 23:59", at(2026, 12, 31, 23, 59)),
    ],
)
def test_ends_of_months_and_years(text: str, expected: dt.datetime) -> None:
    with translation.override("vi"), timezone.override(HANOI):
        assert forms.DateTimeField().clean(text) == expected
        assert forms.DateField().clean(text.split()[0]) == expected.date()


@pytest.mark.parametrize(
    "text",
    [
        *("29/02/2026", "30/02/2028", "31/04/2026", "31/06/2026", "31/09/2026", "31/11/2026"),
        *("32/12/2026", "00/12/2026", "12/13/2026", "12/31/2026"),  # never month first
    ],
)
def test_days_a_month_does_not_have_are_refused(text: str) -> None:
    for language in LANGUAGES:
        with translation.override(language):
            for field in (forms.DateField(), forms.DateTimeField()):
                with pytest.raises(forms.ValidationError):
                    field.clean(text)
                with pytest.raises(forms.ValidationError):
                    field.clean(f"{text} 08:00")


@override_settings(USE_L10N=True)  # Wagtail runs its check only when this (old) setting is on
def test_wagtails_picker_formats_are_read_in_every_language() -> None:
    errors = [e for e in datetime_format_check(None) if isinstance(e, Error)]
    assert errors == []


# --- The page editor ----------------------------------------------------------------------------


def next_13_december() -> tuple[str, dt.datetime]:
    """The issue's example, 13/12 08:00, in the next December it is still ahead of us."""
    now = timezone.localtime(timezone.now(), HANOI)
    year = now.year if now < at(now.year, 12, 13, 8, 0) else now.year + 1
    return f"13/12/{year} 08:00", at(year, 12, 13, 8, 0)


@pytest.fixture
def coordinator(client, commune_a, django_user_model):
    user = django_user_model.objects.create_user("dieu-phoi-ngay", password="x")
    membership_grant(user=user, role=Membership.Role.COORDINATOR, commune=commune_a)
    client.force_login(user)
    client.defaults["HTTP_HOST"] = HOST_A
    return user


@pytest.fixture
def draft(commune_a) -> ArticlePage:
    index = ArticleIndexPage.objects.descendant_of(commune_a.root_page).get()
    page = ArticlePage(
        title="Lịch tiếp công dân tháng 12",
        slug="lich-tiep-cong-dan-thang-12",
        summary="Lịch tiếp công dân của Ủy ban nhân dân xã.",
        body=[("paragraph", RichText("<p>Nội dung.</p>"))],
        author_name="Văn phòng",
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision()
    return page


def editor_post(client, page: ArticlePage, **extra):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "comments": inline_formset([]),
            "author_name": page.author_name,
            **extra,
        }
    )
    data["action-publish"] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.id,)), data)


@pytest.mark.django_db
def test_the_page_editor_schedules_13_december_not_a_refusal(client, coordinator, draft) -> None:
    text, expected = next_13_december()

    response = editor_post(client, draft, go_live_at=text)

    assert response.status_code == 302, response.context["form"].errors
    draft.refresh_from_db()
    assert draft.live is False
    assert draft.go_live_at == expected
    assert timezone.localtime(draft.go_live_at, HANOI).strftime("%d/%m/%Y %H:%M") == text
    assert draft.scheduled_revision.approved_go_live_at == expected


@pytest.mark.django_db
def test_the_page_editor_shows_the_second_of_december_as_it_was_typed(
    client, coordinator, draft
) -> None:
    year = timezone.localdate().year + 1
    response = editor_post(client, draft, go_live_at=f"02/12/{year} 03:19")

    assert response.status_code == 302, response.context["form"].errors
    draft.refresh_from_db()
    assert draft.go_live_at == at(year, 12, 2, 3, 19)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(draft.id,))).content.decode()
    assert f'value="02/12/{year} 03:19"' in edit  # the picker gets back what was typed


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [("32/12/2026 08:00", DATETIME_INVALID), ("13/12/0226 08:00", YEAR_OUT_OF_RANGE)],
)
def test_a_bad_go_live_date_is_explained_next_to_the_field_in_vietnamese(
    client, coordinator, draft, typed: str, message: str
) -> None:
    response = editor_post(client, draft, go_live_at=typed)

    assert response.status_code == 200
    assert response.context["form"].errors["go_live_at"] == [message]
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.go_live_at is None and draft.live is False


# --- Snippets, reports, statistics, audit log ---------------------------------------------------


@pytest.fixture
def procedure(commune_a) -> Procedure:
    return Procedure.objects.create(
        commune=commune_a, code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch"
    )


def procedure_post(client, procedure: Procedure, effective_on: str):
    url = f"{PROCEDURES_URL}edit/{procedure.pk}/"
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(commune=procedure.commune_id, status="amended", status_effective_on=effective_on)
    return client.post(url, data)


@pytest.mark.django_db
def test_a_procedures_status_date_is_read_day_first(client, coordinator, procedure) -> None:
    response = procedure_post(client, procedure, "31/12/26")

    assert response.status_code == 302, response.context["form"].errors
    procedure.refresh_from_db()
    assert procedure.status_effective_on == dt.date(2026, 12, 31)


@pytest.mark.django_db
def test_a_bad_status_date_is_explained_in_vietnamese(client, coordinator, procedure) -> None:
    response = procedure_post(client, procedure, "31/13/2026")

    assert response.status_code == 200
    assert response.context["form"].errors["status_effective_on"] == [DATE_INVALID]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_wagtails_report_filters_read_day_first_in_every_admin_language(
    client, draft, language: str
) -> None:
    admin = get_user_model().objects.create_superuser("quan-tri-ngay", password="x")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = language
    profile.save()
    client.force_login(admin)
    early, late = (log(instance=draft, action="wagtail.edit", user=admin) for _ in range(2))
    PageLogEntry.objects.filter(pk=early.pk).update(timestamp=at(2026, 12, 2, 9, 0))
    PageLogEntry.objects.filter(pk=late.pk).update(timestamp=at(2026, 12, 13, 9, 0))

    response = client.get(
        reverse("wagtailadmin_reports:site_history"),
        {"timestamp_from": "13/12/2026", "timestamp_to": "31/12/2026"},
        HTTP_HOST=HOST_A,
    )

    assert response.status_code == 200
    assert response.context["filters"].form.errors == {}
    assert [entry.pk for entry in response.context["object_list"]] == [late.pk]


@pytest.mark.django_db
def test_the_statistics_period_reads_two_digit_years_as_this_century(client, coordinator) -> None:
    response = client.get("/quan-tri/thong-ke/", {"tu": "13/11/25", "den": "31/12/25"})

    assert response.status_code == 200
    period = response.context["fig"].period
    assert (period.start, period.end) == (dt.date(2025, 11, 13), dt.date(2025, 12, 31))


@pytest.mark.django_db
def test_the_audit_log_filter_reads_what_its_picker_writes(client, coordinator) -> None:
    response = client.get("/quan-tri/nhat-ky/", {"tu": "13/11/25", "den": "31/12/2025"})

    assert response.status_code == 200
    assert "Ngày không hợp lệ" not in response.content.decode()
    form = response.context["filters"].form
    assert (form.cleaned_data["tu"], form.cleaned_data["den"]) == (
        dt.date(2025, 11, 13),
        dt.date(2025, 12, 31),
    )
