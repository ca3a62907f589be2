"""Isolation of the procedure catalogue in the back office (issue 9).

The listing's "Lĩnh vực" filter named every commune's fields; the procedure chooser's "create"
path answered a server error to those who may add procedures. Another commune's field names and
procedures stay out of reach; those who may create get a form that validates.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cchc.communes.models import Membership, Unit
from cchc.communes.services import membership_grant
from cchc.procedures.models import Procedure, ProcedureStatus
from cchc.procedures.services import procedures_import
from cchc.procedures.tests.conftest import as_json, record

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_procedures_procedure:list"
CREATE_URL = "wagtailsnippetchoosers_procedures_procedure:create"
CHOOSE_URL = "wagtailsnippetchoosers_procedures_procedure:choose"
FIELD_B = "Lĩnh vực riêng Zqxw"  # commune B's own field: commune A's staff may not read it


@pytest.fixture
def catalogues(commune_a, commune_b):
    procedures_import(
        commune=commune_a, data=as_json([record("1.001193", "Đăng ký khai sinh")]), filename="a"
    )
    procedures_import(
        commune=commune_b,
        data=as_json([record("1.009999", "Thủ tục của Nguyệt Viên", field=FIELD_B)]),
        filename="b",
    )


def signed_in(client, commune_a, role: str):
    user = get_user_model().objects.create_user(f"nguoi-{role}", password="x")
    if role == Membership.Role.PROVINCE_OFFICER:
        membership_grant(user=user, role=role, province=commune_a.province)
    elif role == Membership.Role.EDITOR:
        unit = Unit.objects.create(commune=commune_a, name="Trường Tiểu học", kind="school")
        membership_grant(user=user, role=role, commune=commune_a, unit=unit)
    else:
        membership_grant(user=user, role=role, commune=commune_a)
    client.force_login(user)
    client.defaults["HTTP_HOST"] = "duc-tho.localhost"
    return client


STAFF = [Membership.Role.EDITOR, Membership.Role.COORDINATOR, Membership.Role.PROVINCE_OFFICER]


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("query", ["plain", "search", "other commune"])
def test_the_field_filter_names_only_the_fields_of_the_users_communes(
    client, commune_a, commune_b, catalogues, role, query
):
    client = signed_in(client, commune_a, role)
    params = {"plain": {}, "search": {"q": "thu"}, "other commune": {"commune": commune_b.pk}}
    response = client.get(reverse(LIST_URL), params[query])
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="field"' in html and "Hộ tịch" in html  # the filter, with the commune's field
    assert FIELD_B not in html


def test_superusers_filter_by_every_field(client, commune_a, catalogues):
    admin = get_user_model().objects.create_superuser("quan-tri", password="x")
    client.force_login(admin)
    client.defaults["HTTP_HOST"] = "duc-tho.localhost"
    assert FIELD_B in client.get(reverse(LIST_URL)).content.decode()


def test_the_chooser_refuses_creation_to_those_who_may_not_add(client, commune_a, catalogues):
    client = signed_in(client, commune_a, Membership.Role.EDITOR)
    response = client.post(reverse(CREATE_URL), {"name": "x"})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert reverse(CREATE_URL) not in client.get(reverse(CHOOSE_URL)).json()["html"]


@pytest.mark.parametrize("role", [Membership.Role.COORDINATOR, Membership.Role.PROVINCE_OFFICER])
def test_the_chooser_create_form_shows_its_errors(client, commune_a, commune_b, catalogues, role):
    client = signed_in(client, commune_a, role)
    response = client.post(reverse(CREATE_URL), {"title": "x", "name": "x", "comment": "x"})
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert "error" in data["htmlFragment"]
    assert "Nguyệt Viên" not in data["htmlFragment"]  # only the communes the user manages
    assert Procedure.objects.count() == 2
    assert reverse(CREATE_URL) in client.get(reverse(CHOOSE_URL)).json()["html"]  # the tab


def test_the_chooser_creates_in_the_users_commune_only(client, commune_a, commune_b, catalogues):
    client = signed_in(client, commune_a, Membership.Role.COORDINATOR)
    fields = {"code": "1.000894", "name": "Đăng ký kết hôn", "field": "Hộ tịch", "level": ""}

    refused = client.post(reverse(CREATE_URL), {**fields, "commune": commune_b.pk})
    assert refused.json()["step"] == "reshow_creation_form"
    assert not Procedure.objects.filter(code="1.000894").exists()

    created = client.post(reverse(CREATE_URL), {**fields, "commune": commune_a.pk})
    assert created.json()["step"] == "chosen"
    procedure = Procedure.objects.get(code="1.000894")
    assert procedure.commune == commune_a
    assert procedure.status == ProcedureStatus.CURRENT
    assert ModelLogEntry.objects.filter(object_id=str(procedure.pk), action="wagtail.create")
