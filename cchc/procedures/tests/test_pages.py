"""The public catalogue: list, filters, pagination, one page per code, tenant isolation."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cchc.procedures.models import PAGE_SIZE, Procedure
from cchc.procedures.services import procedure_change_status, procedures_import
from cchc.procedures.tests.conftest import as_json, record

LIST_URL = "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/"


@pytest.fixture
def catalogue_a(commune_a, three_records):
    procedures_import(commune=commune_a, data=as_json(three_records), filename="a.json")
    return commune_a


def test_the_list_shows_the_commune_procedures_with_codes_and_links(client_a, catalogue_a):
    response = client_a.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Thủ tục đăng ký khai sinh" in html
    assert f'href="{LIST_URL}1.001193/"' in html
    assert '<th scope="col">Mã thủ tục</th>' in html
    assert '<label for="loc-linh-vuc">Lĩnh vực</label>' in html
    # No image and no code but the empty deferred file that holds the first layout until the
    # stylesheet has arrived (decision 0018).
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) == 1 and "portal/ready" in scripts[0] and "defer" in scripts[0], scripts
    assert "<img" not in html


def test_the_list_filters_by_field_and_status_with_plain_get_parameters(client_a, catalogue_a):
    procedure_change_status(
        procedure=Procedure.objects.get(code="1.001193"),
        status="abolished",
        effective_on=dt.date(2025, 7, 1),
        decision="",
    )

    by_field = client_a.get(LIST_URL, {"linh-vuc": "Chứng thực"}).content.decode()
    by_status = client_a.get(LIST_URL, {"tinh-trang": "abolished"}).content.decode()
    assert '<option value="Chứng thực" selected>' in by_field
    # Look at the table only: the "recently changed" block lists 1.001193 on every page.
    by_field = by_field[by_field.index("<table") :]
    by_status = by_status[by_status.index("<table") :]
    both = client_a.get(LIST_URL, {"linh-vuc": "Chứng thực", "tinh-trang": "abolished"})

    assert f"{LIST_URL}2.000794/" in by_field and f"{LIST_URL}1.001193/" not in by_field
    assert (
        "Có 1 thủ tục phù hợp"
        in client_a.get(LIST_URL, {"linh-vuc": "Chứng thực"}).content.decode()
    )
    assert f"{LIST_URL}1.001193/" in by_status and f"{LIST_URL}2.000794/" not in by_status
    assert "Không có thủ tục nào phù hợp" in both.content.decode()


def test_an_unknown_filter_value_is_ignored(client_a, catalogue_a):
    html = client_a.get(LIST_URL, {"linh-vuc": "<script>", "tinh-trang": "x"}).content.decode()

    assert "Có 3 thủ tục." in html
    assert "<script>" not in html


def test_the_list_is_paginated_with_the_trang_parameter_keeping_filters(client_a, commune_a):
    rows = [record(f"1.{i:06d}", f"Thủ tục số {i:03d}") for i in range(PAGE_SIZE + 5)]
    procedures_import(commune=commune_a, data=as_json(rows), filename="a.json")

    first = client_a.get(LIST_URL, {"linh-vuc": "Hộ tịch"}).content.decode()
    second = client_a.get(LIST_URL, {"linh-vuc": "Hộ tịch", "trang": 2}).content.decode()

    assert "Thủ tục số 000" in first and "Thủ tục số 034" not in first
    assert "Thủ tục số 034" in second and "Thủ tục số 000" not in second
    assert "trang=2" in first and "linh-vuc=H" in first
    assert f"trang 2/{2}" in second


def test_the_list_shows_recently_changed_procedures(client_a, catalogue_a):
    procedure_change_status(
        procedure=Procedure.objects.get(code="2.000794"),
        status="new",
        effective_on=dt.date(2025, 8, 15),
        decision="99/QĐ-UBND",
    )

    html = client_a.get(LIST_URL).content.decode()

    assert "Thủ tục mới thay đổi" in html
    block = html[html.index("Thủ tục mới thay đổi") : html.index('id="danh-muc"')]
    assert "2.000794" in block and "15/08/2025" in block and "Mới ban hành" in block


def test_the_detail_page_shows_the_code_fields_status_history_and_national_link(
    client_a, catalogue_a
):
    procedure_change_status(
        procedure=Procedure.objects.get(code="1.001193"),
        status="amended",
        effective_on=dt.date(2025, 7, 1),
        decision="1872/QĐ-BTP",
        note="Giảm thời hạn",
    )

    response = client_a.get(f"{LIST_URL}1.001193/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Mã thủ tục: <strong>1.001193</strong>" in html
    assert "<h1>Thủ tục đăng ký khai sinh</h1>" in html
    assert "<title>1.001193 — Thủ tục đăng ký khai sinh" in html
    assert "Hộ tịch" in html and "Miễn phí" in html
    assert "01/07/2025" in html and "1872/QĐ-BTP" in html and "Giảm thời hạn" in html
    assert 'href="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/1.001193"' in html
    assert '<th scope="col">Ngày hiệu lực</th>' in html


def test_an_abolished_procedure_page_says_it_is_abolished(client_a, catalogue_a):
    procedure_change_status(
        procedure=Procedure.objects.get(code="1.001193"),
        status="abolished",
        effective_on=dt.date(2025, 7, 1),
        decision="12/QĐ-UBND",
    )

    html = client_a.get(f"{LIST_URL}1.001193/").content.decode()

    assert "đã bị bãi bỏ từ ngày 01/07/2025 theo 12/QĐ-UBND" in html


def test_an_unknown_code_is_404(client_a, catalogue_a):
    assert client_a.get(f"{LIST_URL}9.999999/").status_code == 404
    assert client_a.get(f"{LIST_URL}khong-co/").status_code == 404


def test_another_commune_never_shows_commune_a_procedures(client_b, commune_a, catalogue_a):
    # client_b sends commune B's host name; commune A's procedures exist in the database.
    response = client_b.get(f"{LIST_URL}1.001193/")
    listing = client_b.get(LIST_URL).content.decode()

    assert response.status_code == 404
    assert "1.001193" not in listing
    assert "Không có thủ tục nào" in listing


def test_list_query_count_does_not_grow_with_the_catalogue(
    client_a, commune_a, django_assert_max_num_queries
):
    rows = [record(f"1.{i:06d}", f"Thủ tục {i}", field=f"Lĩnh vực {i % 7}") for i in range(80)]
    procedures_import(commune=commune_a, data=as_json(rows), filename="a.json")
    for p in Procedure.objects.all()[:10]:
        procedure_change_status(procedure=p, status="new", effective_on=None, decision="")
    client_a.get(LIST_URL)  # warm the host-name cache

    with django_assert_max_num_queries(15):
        response = client_a.get(LIST_URL, {"linh-vuc": "Lĩnh vực 1", "trang": 1})

    assert response.status_code == 200


def test_detail_query_count_is_pinned(client_a, catalogue_a, django_assert_max_num_queries):
    p = Procedure.objects.get(code="1.001193")
    for day in range(1, 6):
        procedure_change_status(
            procedure=p, status="amended", effective_on=dt.date(2025, 1, day), decision=""
        )
    client_a.get(LIST_URL)

    with django_assert_max_num_queries(13):
        response = client_a.get(f"{LIST_URL}1.001193/")

    assert response.status_code == 200
