"""Back office: per-commune listing, editing, and the upload view with its permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.communes.services import membership_grant
from cchc.procedures.models import Procedure
from cchc.procedures.services import procedures_import
from cchc.procedures.tests.conftest import as_json, record

IMPORT_URL = "/quan-tri/thu-tuc-hanh-chinh/nhap/"
LIST_URL = "/quan-tri/snippets/procedures/procedure/"


def staff(username: str, commune, role: str = "coordinator"):
    user = get_user_model().objects.create_user(username, password="mat-khau-thu")
    membership_grant(user=user, commune=commune, role=role)
    return user


@pytest.fixture
def both_catalogues(commune_a, commune_b, three_records):
    procedures_import(commune=commune_a, data=as_json(three_records), filename="a.json")
    procedures_import(
        commune=commune_b,
        data=as_json([record("1.009999", "Thủ tục chỉ có ở Nguyệt Viên")]),
        filename="b.json",
    )


@pytest.fixture
def coordinator_a(client_a, commune_a):
    client_a.force_login(staff("dieu-phoi-a", commune_a))
    return client_a


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_listing_shows_only_procedures_of_the_user_communes(coordinator_a, both_catalogues):
    response = coordinator_a.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "1.001193" in html
    assert "1.009999" not in html
    assert f'href="{IMPORT_URL}"' in html  # the upload button next to "add"


def test_the_listing_filters_by_field_and_status(coordinator_a, both_catalogues):
    html = coordinator_a.get(LIST_URL, {"field": "Chứng thực", "status": "current"}).content
    html = html.decode()

    assert "2.000794" in html
    assert "1.001193" not in html


def test_another_commune_procedure_cannot_be_opened_or_deleted(coordinator_a, both_catalogues):
    other = Procedure.objects.get(code="1.009999")

    edit = coordinator_a.get(f"{LIST_URL}edit/{other.pk}/")
    delete = coordinator_a.post(f"{LIST_URL}delete/{other.pk}/")

    assert edit.status_code == 404
    assert delete.status_code == 404
    assert Procedure.objects.filter(pk=other.pk).exists()


def test_editing_a_status_in_the_admin_records_it_in_the_history(coordinator_a, both_catalogues):
    p = Procedure.objects.get(code="1.001193", commune__slug="duc-tho")
    form = coordinator_a.get(f"{LIST_URL}edit/{p.pk}/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        commune=p.commune_id,
        status="abolished",
        status_effective_on="2025-07-01",
        status_decision="15/QĐ-UBND",
        status_note="Theo quyết định của tỉnh",
    )

    response = coordinator_a.post(f"{LIST_URL}edit/{p.pk}/", data)

    assert response.status_code == 302, response.context["form"].errors
    p.refresh_from_db()
    assert p.status == "abolished"
    assert p.status_effective_on == dt.date(2025, 7, 1)
    change = p.history.get()
    assert (change.status, change.decision, change.note) == (
        "abolished",
        "15/QĐ-UBND",
        "Theo quyết định của tỉnh",
    )


def test_upload_as_coordinator_imports_and_shows_a_summary(coordinator_a, commune_a):
    data = as_json([record("1.001193", "Đăng ký khai sinh"), record("1.000001", "Thuế", "Thuế")])

    response = coordinator_a.post(
        IMPORT_URL,
        {
            "commune": commune_a.pk,
            "file": upload("a.json", data),
            "exclude_fields": "Hải quan; Thuế",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "thêm mới 1" in html
    assert "bỏ qua 1 theo lĩnh vực loại trừ" in html
    assert list(Procedure.objects.values_list("code", flat=True)) == ["1.001193"]


def test_upload_with_bad_rows_shows_the_error_table_and_stores_nothing(coordinator_a, commune_a):
    data = as_json([record("1.001193", "Đăng ký khai sinh"), record("sai-ma", "Lỗi")])

    response = coordinator_a.post(
        IMPORT_URL, {"commune": commune_a.pk, "file": upload("a.json", data)}
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "<caption>Các dòng lỗi (1 lỗi)</caption>" in html
    assert "Mã thủ tục «sai-ma» không đúng định dạng" in html
    assert "<td>Mã thủ tục</td>" in html  # the field as the officer knows it, not "code"
    assert "<td>code</td>" not in html
    assert "không có thay đổi nào được lưu" in html
    assert not Procedure.objects.exists()


def test_upload_of_a_non_utf8_csv_says_so(coordinator_a, commune_a):
    data = "ma_thu_tuc,ten_thu_tuc,linh_vuc\n1.001193,Đăng ký,Hộ tịch\n".encode("cp1258", "replace")

    response = coordinator_a.post(
        IMPORT_URL, {"commune": commune_a.pk, "file": upload("a.csv", data)}
    )

    assert "Tệp không phải UTF-8" in response.content.decode()
    assert not Procedure.objects.exists()


def test_upload_with_partial_stores_the_valid_rows(coordinator_a, commune_a):
    data = as_json([record("1.001193", "Đăng ký khai sinh"), record("sai-ma", "Lỗi")])

    response = coordinator_a.post(
        IMPORT_URL, {"commune": commune_a.pk, "file": upload("a.json", data), "partial": "on"}
    )

    assert response.status_code == 200
    assert Procedure.objects.count() == 1
    assert "Các dòng lỗi đã được bỏ qua" in response.content.decode()


def test_the_upload_form_offers_only_the_user_communes(coordinator_a, commune_a, commune_b):
    form = coordinator_a.get(IMPORT_URL).context["form"]

    assert list(form.fields["commune"].queryset) == [commune_a]


def test_uploading_into_a_commune_without_membership_is_forbidden(client_a, commune_a, commune_b):
    client_a.force_login(staff("dieu-phoi-b", commune_b))

    response = client_a.post(
        IMPORT_URL,
        {"commune": commune_a.pk, "file": upload("a.json", as_json([record("1.001193", "A")]))},
    )

    assert response.status_code == 403
    assert not Procedure.objects.exists()


def test_an_outsider_with_admin_access_gets_403(client_a, commune_a):
    outsider = get_user_model().objects.create_user("ngoai", password="x")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client_a.force_login(outsider)

    assert client_a.get(IMPORT_URL).status_code == 403


def test_a_unit_editor_cannot_import(client_a, commune_a):
    client_a.force_login(staff("cong-tac-vien", commune_a, role="editor"))

    assert client_a.get(IMPORT_URL).status_code == 403


def test_the_import_menu_item_is_for_managers_only(client_a, commune_a):
    client_a.force_login(staff("dieu-phoi", commune_a))
    home = client_a.get("/quan-tri/").content.decode()
    client_a.force_login(staff("bien-tap", commune_a, role="editor"))
    editor_home = client_a.get("/quan-tri/").content.decode()

    assert reverse("procedures_import") in home
    assert reverse("procedures_import") not in editor_home


def test_the_upload_requires_the_csrf_token(commune_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_HOST="duc-tho.localhost")
    client.force_login(staff("dieu-phoi", commune_a))

    response = client.post(
        IMPORT_URL,
        {"commune": commune_a.pk, "file": upload("a.json", as_json([record("1.001193", "A")]))},
    )

    assert response.status_code == 403
    assert not Procedure.objects.exists()


@pytest.mark.parametrize("commune", ["²", "٣", "9" * 25, "-1", "1.0"])
def test_an_odd_commune_id_is_an_unknown_commune_not_a_server_error(
    coordinator_a, commune_a, commune
):
    # "²".isdigit() is True but int("²") raises: the upload view used to answer 500 (issue 9).
    response = coordinator_a.post(
        IMPORT_URL,
        {"commune": commune, "file": upload("a.json", as_json([record("1.001193", "A")]))},
    )

    assert response.status_code == 200
    assert "commune" in response.context["form"].errors
    assert not Procedure.objects.exists()
