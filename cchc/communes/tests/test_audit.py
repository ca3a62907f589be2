"""The audit log of staff actions on non-page data, and its per-commune view "Nhật ký thao tác".

Each action done through the back office leaves one entry in Wagtail's log with who did it, the
action and the commune; a commune's coordinator reads their commune's entries and no other's.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cchc.communes import audit
from cchc.communes.models import Membership, Unit
from cchc.communes.services import membership_grant
from cchc.procedures.models import Procedure
from cchc.procedures.services import procedures_import
from cchc.procedures.tests.conftest import as_json, record

pytestmark = pytest.mark.django_db

AUDIT_URL = "/quan-tri/nhat-ky/"
IMPORT_URL = "/quan-tri/thu-tuc-hanh-chinh/nhap/"
PROCEDURES_URL = "/quan-tri/snippets/procedures/procedure/"
EXPORT_URL = "/quan-tri/thong-ke/xuat/"
MARKER_B = "ZZ-NGUYET-VIEN-ONLY"


def staff(username: str, commune=None, role: str = "coordinator", province=None):
    user = get_user_model().objects.create_user(username, password="mat-khau-thu")
    membership_grant(user=user, commune=commune, role=role, province=province)
    return user


def superuser():
    return get_user_model().objects.create_superuser("quan-tri", password="mat-khau-thu")


def entries(action: str):
    return ModelLogEntry.objects.filter(action=action).order_by("pk")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def coordinator_a(client_a, commune_a):
    user = staff("dieu-phoi-a", commune_a)
    client_a.force_login(user)
    client_a.user = user
    return client_a


@pytest.fixture
def admin_client_a(client_a, commune_a):
    user = superuser()
    client_a.force_login(user)
    client_a.user = user
    return client_a


# --- Each staff action leaves an entry with who, what and which commune -----------------------


def test_an_import_in_the_back_office_is_logged_with_its_user_and_commune(coordinator_a, commune_a):
    rejected = coordinator_a.post(
        IMPORT_URL, {"commune": commune_a.pk, "file": upload("loi.json", b"[{}]")}
    )
    assert rejected.status_code == 422
    assert not entries(audit.IMPORT).exists()  # nothing stored, nothing to log
    data = as_json([record("1.001193", "Đăng ký khai sinh"), record("1.000894", "Kết hôn")])

    response = coordinator_a.post(
        IMPORT_URL, {"commune": commune_a.pk, "file": upload("danh-muc.json", data)}
    )

    assert response.status_code == 200
    entry = entries(audit.IMPORT).get()
    assert entry.user == coordinator_a.user
    assert entry.data["commune_id"] == commune_a.pk
    assert (entry.data["filename"], entry.data["created"]) == ("danh-muc.json", 2)
    assert timezone.now() - entry.timestamp < dt.timedelta(minutes=1)


def test_a_status_change_in_the_snippet_form_is_logged(coordinator_a, commune_a):
    procedures_import(
        commune=commune_a, data=as_json([record("1.001193", "Khai sinh")]), filename="a.json"
    )
    p = Procedure.objects.get(code="1.001193")
    form = coordinator_a.get(f"{PROCEDURES_URL}edit/{p.pk}/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        commune=p.commune_id,
        status="abolished",
        status_effective_on="2025-07-01",
        status_decision="15/QĐ-UBND",
    )

    response = coordinator_a.post(f"{PROCEDURES_URL}edit/{p.pk}/", data)

    assert response.status_code == 302
    entry = entries(audit.STATUS).get()
    assert entry.user == coordinator_a.user
    assert (entry.object_id, entry.data["commune_id"]) == (str(p.pk), commune_a.pk)
    assert (entry.data["before"], entry.data["after"]) == ("current", "abolished")
    # Wagtail's own "edit" entry of the same save is filed under the commune too.
    edit = ModelLogEntry.objects.get(action="wagtail.edit", object_id=str(p.pk))
    assert edit.data["commune_id"] == commune_a.pk


def test_a_procedure_deleted_in_the_snippet_views_stays_in_its_communes_log(
    coordinator_a, commune_a
):
    procedures_import(
        commune=commune_a, data=as_json([record("1.001193", "Khai sinh")]), filename="a.json"
    )
    p = Procedure.objects.get(code="1.001193")

    response = coordinator_a.post(f"{PROCEDURES_URL}delete/{p.pk}/")

    assert response.status_code == 302
    assert not Procedure.objects.filter(pk=p.pk).exists()
    entry = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(p.pk))
    assert (entry.user, entry.data["commune_id"]) == (coordinator_a.user, commune_a.pk)
    html = coordinator_a.get(AUDIT_URL, {"action": "wagtail.delete"}).content.decode()
    assert "1.001193 — Khai sinh" in html


def test_granting_changing_and_revoking_a_role_in_the_back_office_is_logged(
    admin_client_a, commune_a
):
    admin = admin_client_a.user
    user = get_user_model().objects.create_user("can-bo-moi")

    added = admin_client_a.post(
        reverse("communes_membership:add"),
        {"user": user.pk, "role": "editor", "commune": commune_a.pk},
    )
    assert added.status_code == 302
    membership = Membership.objects.get(user=user)
    edited = admin_client_a.post(
        reverse("communes_membership:edit", args=[membership.pk]),
        {"user": user.pk, "role": "coordinator", "commune": commune_a.pk},
    )
    assert edited.status_code == 302
    membership = Membership.objects.get(user=user)
    deleted = admin_client_a.post(reverse("communes_membership:delete", args=[membership.pk]))
    assert deleted.status_code == 302
    assert not Membership.objects.filter(user=user).exists()

    log = [
        (e.action, e.data["role"], e.user, e.data["commune_id"])
        for e in ModelLogEntry.objects.filter(action__startswith="cchc.membership").order_by("pk")
    ]
    assert log == [
        (audit.GRANT, "editor", admin, commune_a.pk),
        (audit.REVOKE, "editor", admin, commune_a.pk),
        (audit.GRANT, "coordinator", admin, commune_a.pk),
        (audit.REVOKE, "coordinator", admin, commune_a.pk),
    ]


def test_a_unit_edited_through_wagtails_views_is_filed_under_its_commune(admin_client_a, commune_a):
    unit = Unit.objects.create(commune=commune_a, name="Thôn 1", kind="village")

    response = admin_client_a.post(
        reverse("communes_unit:edit", args=[unit.pk]),
        {"commune": commune_a.pk, "name": "Thôn Một", "kind": "village"},
    )

    assert response.status_code == 302
    entry = ModelLogEntry.objects.get(action="wagtail.edit", object_id=str(unit.pk))
    assert (entry.user, entry.data["commune_id"]) == (admin_client_a.user, commune_a.pk)


def test_a_statistics_export_and_its_download_are_logged(
    coordinator_a, commune_a, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_a.post(
            EXPORT_URL,
            {
                "xa": commune_a.pk,
                "format": "csv",
                "tu": f"{today - dt.timedelta(days=6):%d/%m/%Y}",
                "den": f"{today:%d/%m/%Y}",
            },
        )
    assert response.status_code == 302
    entry = entries(audit.EXPORT).get()
    assert (entry.user, entry.data["commune_id"], entry.data["format"]) == (
        coordinator_a.user,
        commune_a.pk,
        "csv",
    )

    job_id = entry.object_id
    assert coordinator_a.get(f"{EXPORT_URL}{job_id}/tai-ve/").status_code == 200
    download = entries(audit.DOWNLOAD).get()
    assert (download.user, download.data["commune_id"]) == (coordinator_a.user, commune_a.pk)


# --- "Nhật ký thao tác": each commune reads its own -------------------------------------------


@pytest.fixture
def both_logs(commune_a, commune_b):
    """An import logged in each commune; B's file name and procedure carry a unique marker."""
    actor_a = staff("nguoi-nhap-a", commune_a)
    actor_b = staff("nguoi-nhap-b", commune_b)
    procedures_import(
        commune=commune_a,
        data=as_json([record("1.001193", "Khai sinh")]),
        filename="duc-tho.json",
        user=actor_a,
    )
    procedures_import(
        commune=commune_b,
        data=as_json([record("1.009999", f"Thủ tục {MARKER_B}")]),
        filename=f"{MARKER_B}.json",
        user=actor_b,
    )
    Unit.objects.create(commune=commune_b, name=f"Đơn vị {MARKER_B}", kind="office")
    return actor_a, actor_b


def test_a_coordinator_reads_their_communes_log_and_nothing_of_another(coordinator_a, both_logs):
    response = coordinator_a.get(AUDIT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhật ký thao tác" in html
    assert "Nhập thủ tục hành chính" in html and "duc-tho.json" in html
    assert "nguoi-nhap-a" in html
    assert MARKER_B not in html
    assert "nguoi-nhap-b" not in html
    # The results fragment the filters refresh shows the same.
    fragment = coordinator_a.get(reverse("cchc_audit_log_results")).content.decode()
    assert "duc-tho.json" in fragment and MARKER_B not in fragment
    assert reverse("cchc_audit_log") in coordinator_a.get("/quan-tri/").content.decode()


def test_another_communes_coordinator_cannot_choose_commune_a(
    client_b, commune_a, commune_b, both_logs
):
    client_b.force_login(staff("dieu-phoi-b", commune_b))
    html = client_b.get(AUDIT_URL, {"xa": commune_a.pk}).content.decode()
    assert f"{MARKER_B}.json" in html
    assert "duc-tho.json" not in html


def test_editors_get_404_and_no_menu_item_where_their_coordinator_reads_the_log(
    client_a, commune_a, both_logs
):
    editor = staff("bien-tap", commune_a, role="editor")
    coordinator = staff("dieu-phoi", commune_a)
    client_a.force_login(coordinator)
    assert client_a.get(AUDIT_URL).status_code == 200

    client_a.force_login(editor)
    assert client_a.get(AUDIT_URL).status_code == 404
    assert client_a.get(reverse("cchc_audit_log_results")).status_code == 404
    assert reverse("cchc_audit_log") not in client_a.get("/quan-tri/").content.decode()


def test_a_province_officer_reads_the_provinces_communes_only(client_a, commune_a, both_logs):
    client_a.force_login(staff("so-noi-vu", role="province_officer", province=commune_a.province))
    html = client_a.get(AUDIT_URL).content.decode()
    assert "duc-tho.json" in html
    assert MARKER_B not in html


def test_a_superuser_reads_every_commune_and_filters_by_one(
    admin_client_a, commune_a, commune_b, both_logs
):
    html = admin_client_a.get(AUDIT_URL).content.decode()
    assert "duc-tho.json" in html and f"{MARKER_B}.json" in html

    only_a = admin_client_a.get(AUDIT_URL, {"xa": commune_a.pk}).content.decode()
    assert "duc-tho.json" in only_a and MARKER_B not in only_a


def test_filters_by_action_and_date(coordinator_a, commune_a, both_logs):
    unit = Unit.objects.create(commune=commune_a, name="Phòng Văn hóa", kind="office")
    membership_grant(
        user=get_user_model().objects.create_user("x"), commune=commune_a, role="editor"
    )
    audit.log_staff_action(
        user=coordinator_a.user, instance=unit, action="wagtail.edit", title="Phòng Văn hóa"
    )
    old = entries(audit.IMPORT).get(data__commune_id=commune_a.pk)
    ModelLogEntry.objects.filter(pk=old.pk).update(
        timestamp=dt.datetime(2025, 3, 15, 23, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    )

    imports = coordinator_a.get(AUDIT_URL, {"action": audit.IMPORT}).content.decode()
    assert "duc-tho.json" in imports and "Phòng Văn hóa" not in imports

    # 23:30 in Hà Nội on 15 March is the 15th there, whatever UTC says.
    march = coordinator_a.get(AUDIT_URL, {"tu": "15/03/2025", "den": "15/03/2025"}).content
    assert "duc-tho.json" in march.decode() and "Phòng Văn hóa" not in march.decode()
    later = coordinator_a.get(AUDIT_URL, {"tu": "16/03/2025"}).content.decode()
    assert "duc-tho.json" not in later and "Phòng Văn hóa" in later


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"tu": "abc"}, "Ngày không hợp lệ"),
        ({"den": "31/02/2025"}, "Ngày không hợp lệ"),
        ({"tu": "²"}, "Ngày không hợp lệ"),
        ({"tu": "10/03/2025", "den": "01/03/2025"}, "phải sau hoặc bằng"),
        ({"action": "wagtail.publish"}, "Không có thao tác này"),
        ({"p": "²"}, None),
        ({"p": "99999"}, None),
        ({"trang": "²"}, None),
        ({"xa": "²"}, None),  # a coordinator of one commune has no commune filter
    ],
)
def test_bad_filter_input_is_a_message_not_a_server_error(coordinator_a, both_logs, query, message):
    response = coordinator_a.get(AUDIT_URL, query)

    assert response.status_code == 200
    html = response.content.decode()
    if message:
        assert message in html
    assert MARKER_B not in html


def test_a_superusers_bad_commune_filter_is_a_message(admin_client_a, both_logs):
    response = admin_client_a.get(AUDIT_URL, {"xa": "²", "action": audit.IMPORT})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không có xã, phường này" in html
    assert "duc-tho.json" in html  # the valid filter still applies
