"""Structure at import, on the page and by the re-parse command (decision 0016)."""

from __future__ import annotations

import gzip
import json
from io import StringIO

import pytest
from django.core.management import call_command

from cchc.procedures import services
from cchc.procedures.models import Procedure
from cchc.procedures.services import procedures_import
from cchc.procedures.tests.conftest import REAL_JSONL_GZ, as_json, record

URL = "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/"


def national(code: str) -> dict:
    with gzip.open(REAL_JSONL_GZ, "rt", encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if item["ma_thu_tuc"] == code:
                return item
    raise LookupError(code)


def commune_typed(code: str) -> dict:
    """A record typed by a commune officer: plain lines, no portal tables."""
    return record(
        code,
        "Thủ tục đăng ký kết hôn",
        thanh_phan_ho_so="- Tờ khai đăng ký kết hôn\n- Giấy xác nhận tình trạng hôn nhân",
        can_cu_phap_ly="Luật Hộ tịch năm 2014",
        trinh_tu_thuc_hien="Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
    )


@pytest.fixture
def mixed_import(commune_a):
    data = as_json(
        [national("1.001193"), commune_typed("1.000894"), record("2.000794", "Chứng thực")]
    )
    return procedures_import(commune=commune_a, data=data, filename="tron.json")


def test_a_file_mixing_national_tables_and_plain_texts_is_imported_with_structure(mixed_import):
    assert mixed_import.applied and mixed_import.created == 3 and not mixed_import.errors
    birth = Procedure.objects.get(code="1.001193").structure
    assert len(birth["legal_bases"]) == 15
    assert birth["legal_bases"][2]["number"] == "123/2015/NĐ-CP"
    assert birth["methods"][0]["method"] == "Trực tuyến"
    assert birth["results"]["items"][0]["code"] == "KQ.G15.000031"
    typed = Procedure.objects.get(code="1.000894").structure
    # Plain texts keep their raw form on the page; their steps are still numbered.
    assert typed["documents"] is None and typed["legal_bases"] is None
    assert typed["fallback"] == ["documents", "legal_bases"]
    assert [s["text"] for s in typed["steps"]["steps"]] == ["Nộp hồ sơ.", "Nhận kết quả."]
    short = Procedure.objects.get(code="2.000794").structure
    assert short["fallback"] == [] and short["documents"] is None


def test_a_mixed_file_with_one_bad_row_stores_nothing(commune_a):
    bad = record("1.000894", "")  # no name
    data = as_json([national("1.001193"), commune_typed("1.000895"), bad])

    result = procedures_import(commune=commune_a, data=data, filename="tron.json")

    assert not result.applied and result.errors
    assert not Procedure.objects.exists()


def test_reimporting_a_changed_text_parses_it_again(commune_a, mixed_import):
    changed = commune_typed("1.000894")
    changed["trinh_tu_thuc_hien"] = "Bước 1: Nộp.\nBước 2: Chờ.\nBước 3: Nhận."

    procedures_import(commune=commune_a, data=as_json([changed]), filename="b.json")

    steps = Procedure.objects.get(code="1.000894").structure["steps"]["steps"]
    assert [s["number"] for s in steps] == [1, 2, 3]


def test_the_page_shows_tables_and_keeps_raw_text_where_parsing_fell_back(
    client_a, mixed_import, django_assert_max_num_queries
):
    html = client_a.get(f"{URL}1.001193/").content.decode()

    assert '<table class="docs stack legal">' in html
    assert '<td data-label="Số, ký hiệu" class="nowrap">123/2015/NĐ-CP</td>' in html
    assert '<table class="docs stack papers">' in html and "Giấy tờ phải xuất trình:" in html
    assert '<th scope="row" data-label="Hình thức nộp">Trực tuyến</th>' in html
    assert "(mã kết quả KQ.G15.000031)" in html
    assert "Tên văn bản pháp lýMã văn bản" not in html
    assert "Tên giấy tờMẫu đơn" not in html
    assert 'href="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/' in html

    typed = client_a.get(f"{URL}1.000894/").content.decode()
    assert "Luật Hộ tịch năm 2014" in typed and "<p>- Tờ khai đăng ký kết hôn<br>" in typed
    assert '<li value="2"><strong>Bước 2.</strong> Nhận kết quả.</li>' in typed


def test_procedures_without_structure_yet_show_their_raw_text(client_a, mixed_import):
    Procedure.objects.filter(code="1.001193").update(structure={})

    html = client_a.get(f"{URL}1.001193/").content.decode()

    assert "Tên văn bản pháp lýMã văn bản" in html
    assert '<table class="docs stack legal">' not in html


def test_the_reparse_command_fills_structure_and_reports_fallbacks(commune_a, mixed_import):
    Procedure.objects.update(structure={})
    out = StringIO()

    call_command("procedures_reparse", "duc-tho", stdout=out)

    assert Procedure.objects.get(code="1.001193").structure["legal_bases"]
    assert out.getvalue().strip() == (
        # 1.001193's steps are free text (no "Bước 1"): shown as written, counted here.
        "duc-tho: 3 thủ tục, cập nhật 3; 2 thủ tục có phần giữ nguyên văn bản gốc "
        "(thành phần hồ sơ 1, căn cứ pháp lý 1, trình tự thực hiện 1)."
    )


def test_the_reparse_is_all_or_nothing_per_commune(commune_a, mixed_import, monkeypatch):
    Procedure.objects.update(structure={})
    real = services.procedure_structure
    calls = []

    def failing(procedure):
        calls.append(procedure.code)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(procedure)

    monkeypatch.setattr(services, "procedure_structure", failing)

    with pytest.raises(RuntimeError):
        call_command("procedures_reparse", "duc-tho", stdout=StringIO())

    assert list(Procedure.objects.values_list("structure", flat=True)) == [{}, {}, {}]
