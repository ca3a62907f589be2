from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cchc.communes.models import Commune

pytestmark = pytest.mark.django_db


def test_a_commune_is_added_from_its_2025_code(client):
    call_command("commune_add", "15925", "--host", "nguyet-vien-moi.localhost")
    commune = Commune.objects.get(code=15925)
    assert (commune.name, commune.kind, commune.province.name) == (
        "Nguyệt Viên",
        "phuong",
        "Thanh Hóa",
    )
    response = client.get("/cai-cach-hanh-chinh/", HTTP_HOST="nguyet-vien-moi.localhost")
    assert response.status_code == 200


def test_an_unknown_code_is_refused_in_vietnamese():
    with pytest.raises(CommandError, match="Không có đơn vị hành chính mã 99999999"):
        call_command("commune_add", "99999999", "--host", "x.example.vn")
    assert not Commune.objects.exists()


def test_a_host_name_cannot_be_taken_from_another_commune(commune_a):
    with pytest.raises(CommandError, match="đã thuộc về xã, phường khác"):
        call_command("commune_add", "15925", "--host", "duc-tho.localhost")
