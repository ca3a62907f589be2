"""Importing procedure catalogues: formats, validation, all-or-nothing, idempotence."""

from __future__ import annotations

import gzip
import json

import pytest

from cchc.procedures.models import Procedure
from cchc.procedures.reading import MAX_IMPORT_BYTES
from cchc.procedures.services import procedures_import
from cchc.procedures.signals import procedures_changed
from cchc.procedures.tests.conftest import as_json, record

EXCLUDED = ("Hải quan", "Thuế")


def snapshot(commune) -> list[tuple]:
    return list(
        Procedure.objects.filter(commune=commune)
        .order_by("code")
        .values_list("code", "name", "field", "updated_at")
    )


def messages(result) -> str:
    return " | ".join(e.message for e in result.errors)


# --- the real national data --------------------------------------------------------------------


def test_importing_the_real_json_file_creates_all_588_procedures(commune_a, real_json_bytes):
    result = procedures_import(
        commune=commune_a, data=real_json_bytes, filename="procedures_commune_level.json"
    )

    assert result.errors == []
    assert result.applied
    assert result.created == 588
    assert Procedure.objects.filter(commune=commune_a).count() == 588
    birth = Procedure.objects.get(commune=commune_a, code="1.000253")
    assert birth.field == "Quản lý xuất nhập cảnh"
    assert birth.submission_methods == "Trực tiếp"
    assert birth.fee == ""  # "Không có thông tin" means no information, stored empty
    assert birth.national_url.startswith("https://dichvucong.gov.vn/")
    # Whitespace from the portal is normalised in one-line fields.
    assert not Procedure.objects.filter(name__contains="  ").exists()
    assert not Procedure.objects.filter(name__contains="\n").exists()


def test_excluding_customs_and_tax_leaves_the_commune_catalogue_of_353(commune_a, real_json_bytes):
    result = procedures_import(
        commune=commune_a, data=real_json_bytes, filename="p.json", exclude_fields=EXCLUDED
    )

    assert result.created == 353
    assert result.skipped == 235
    assert not Procedure.objects.filter(field__in=EXCLUDED).exists()


def test_the_full_jsonl_gz_export_fills_steps_papers_and_legal_basis(
    commune_a, real_jsonl_gz_bytes
):
    result = procedures_import(
        commune=commune_a,
        data=real_jsonl_gz_bytes,
        filename="procedures_commune_level_full.jsonl.gz",
        exclude_fields=EXCLUDED,
    )

    assert result.errors == []
    assert result.created == 353
    p = Procedure.objects.get(commune=commune_a, code="1.000253")
    assert p.steps.startswith("Bước 1:")
    assert "\n" in p.steps  # steps keep their line structure
    assert p.papers
    assert p.legal_basis
    assert p.time_limit == "7 Ngày"  # taken from the parsed submission table
    assert not p.submission_details.startswith("Hình thức nộp")
    with_steps = Procedure.objects.filter(commune=commune_a).exclude(steps="").count()
    assert with_steps == 353


# --- formats -------------------------------------------------------------------------------------


def test_json_lines_are_read_one_procedure_per_line(commune_a, three_records):
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in three_records).encode()

    result = procedures_import(commune=commune_a, data=data, filename="danh-muc.jsonl")

    assert result.created == 3


def test_gzip_is_recognised_by_its_magic_bytes_whatever_the_file_name(commune_a, three_records):
    data = gzip.compress(as_json(three_records))

    result = procedures_import(commune=commune_a, data=data, filename="tai-ve.bin")

    assert result.created == 3


def test_csv_with_vietnamese_headers_and_a_bom_is_imported(commune_a):
    csv_text = (
        "ma_thu_tuc,ten_thu_tuc,linh_vuc,hinh_thuc_nop,detail_url\r\n"
        '1.001193,"Đăng ký khai sinh",Hộ tịch,"Trực tiếp, Trực tuyến",'
        "https://dichvucong.gov.vn/p/1\r\n"
        '2.000794,"Chứng thực bản sao, từ bản chính",Chứng thực,,\r\n'
    )
    data = b"\xef\xbb\xbf" + csv_text.encode()

    result = procedures_import(commune=commune_a, data=data, filename="danh-muc.csv")

    assert result.errors == []
    assert result.created == 2
    p = Procedure.objects.get(commune=commune_a, code="2.000794")
    assert p.name == "Chứng thực bản sao, từ bản chính"
    assert Procedure.objects.get(code="1.001193").submission_methods == "Trực tiếp, Trực tuyến"


def test_csv_with_english_model_field_headers_and_semicolons_is_imported(commune_a):
    data = "code;name;field;fee\n1.001193;Đăng ký khai sinh;Hộ tịch;Miễn phí\n".encode()

    result = procedures_import(commune=commune_a, data=data, filename="export.csv")

    assert result.created == 1
    assert Procedure.objects.get(code="1.001193").fee == "Miễn phí"


def test_csv_row_numbers_are_file_line_numbers(commune_a):
    data = "ma_thu_tuc,ten_thu_tuc,linh_vuc\n1.001193,A,Hộ tịch\nsai-ma,B,Hộ tịch\n".encode()

    result = procedures_import(commune=commune_a, data=data, filename="a.csv")

    assert [(e.row, e.code, e.field) for e in result.errors] == [(3, "sai-ma", "code")]


# --- malformed files: one clear Vietnamese message, nothing stored ------------------------------

BAD_FILES = [
    pytest.param(b"", "a.json", "Tệp rỗng", id="empty"),
    pytest.param(b"  \n ", "a.csv", "Tệp rỗng", id="blank"),
    pytest.param(b'[{"ma_thu_tuc": "1.001193", ', "a.json", "JSON không hợp lệ", id="truncated"),
    pytest.param(b"not json at all {", "a.json", "JSON không hợp lệ", id="not-json"),
    pytest.param(b'{"ma_thu_tuc": "1.001193"}', "a.json", "phải là một danh sách", id="object"),
    pytest.param(b"42", "a.json", "phải là một danh sách", id="number"),
    pytest.param(bytes(range(256)) * 20, "a.csv", "nhị phân", id="binary-junk"),
    pytest.param(b"PK\x03\x04" + b"\x00" * 100, "a.xlsx", "Excel", id="xlsx"),
    pytest.param(
        gzip.compress(as_json([record("1.001193", "Đăng ký khai sinh")] * 50))[:60],
        "a.json.gz",
        "gzip bị hỏng",
        id="truncated-gzip",
    ),
    pytest.param(
        "ma_thu_tuc,ten_thu_tuc,linh_vuc\n1.001193,Đăng ký khai sinh,Hộ tịch\n".encode(
            "cp1258", "replace"
        ),
        "a.csv",
        "Tệp không phải UTF-8",
        id="windows-1258",
    ),
    pytest.param(
        "ma_thu_tuc,ten_thu_tuc,linh_vuc\n1.001193,Đăng ký,Hộ tịch\n".encode("cp1252", "replace"),
        "a.csv",
        "Tệp không phải UTF-8",
        id="windows-1252",
    ),
    pytest.param(
        "ma_thu_tuc\tten_thu_tuc\n1.001193\tĐăng ký\n".encode("utf-16"),
        "a.csv",
        "UTF-16",
        id="utf-16",
    ),
    pytest.param(b"ten,so\nA,1\n", "a.csv", "cột mã thủ tục", id="csv-without-code-column"),
    pytest.param(b"[]", "a.json", "không có thủ tục", id="empty-list"),
]


@pytest.mark.parametrize(("data", "filename", "expected"), BAD_FILES)
def test_a_malformed_file_changes_nothing_and_says_why_in_vietnamese(
    commune_a, data, filename, expected
):
    procedures_import(
        commune=commune_a, data=as_json([record("1.000001", "Có sẵn")]), filename="a.json"
    )
    before = snapshot(commune_a)

    result = procedures_import(commune=commune_a, data=data, filename=filename)

    assert not result.applied
    assert len(result.errors) == 1
    assert result.errors[0].row == 0
    assert expected in result.errors[0].message
    assert result.file_error == result.errors[0].message
    assert snapshot(commune_a) == before


def test_a_file_over_20_mb_is_refused_before_parsing(commune_a):
    data = b"[" + b" " * MAX_IMPORT_BYTES + b"]"

    result = procedures_import(commune=commune_a, data=data, filename="big.json")

    assert "lớn hơn 20 MB" in messages(result)
    assert not Procedure.objects.exists()


def test_a_gzip_bomb_is_refused(commune_a):
    data = gzip.compress(b"[" + b" " * (MAX_IMPORT_BYTES + 10) + b"]")

    result = procedures_import(commune=commune_a, data=data, filename="bomb.json.gz")

    assert "lớn hơn 20 MB" in messages(result)


# --- row validation ----------------------------------------------------------------------------

BAD_ROWS = [
    pytest.param({"ma_thu_tuc": ""}, "code", "Thiếu mã thủ tục", id="missing-code"),
    pytest.param({"ma_thu_tuc": "TT-01"}, "code", "không đúng định dạng", id="bad-code"),
    pytest.param({"ma_thu_tuc": "1.0011930"}, "code", "không đúng định dạng", id="long-code"),
    pytest.param({"ten_thu_tuc": "  "}, "name", "Thiếu tên thủ tục", id="missing-name"),
    pytest.param({"ten_thu_tuc": "x" * 1001}, "name", "vượt quá giới hạn 1.000", id="long-name"),
    pytest.param({"detail_url": "dichvucong.gov.vn/x"}, "national_url", "không hợp lệ", id="url"),
    pytest.param({"detail_url": "javascript:alert(1)"}, "national_url", "không hợp lệ", id="js"),
    pytest.param(
        {"ngay_hieu_luc": "31/02/2025", "tinh_trang": "Bãi bỏ"},
        "status_effective_on",
        "Ngày hiệu lực",
        id="bad-date",
    ),
    pytest.param({"tinh_trang": "Tạm dừng"}, "status", "Tình trạng", id="bad-status"),
    pytest.param({"ten_thu_tuc": {"vi": "A"}}, "name", "phải là chuỗi", id="object-value"),
]


@pytest.mark.parametrize(("override", "field", "expected"), BAD_ROWS)
def test_an_invalid_row_blocks_the_whole_file_and_is_reported_by_row(
    commune_a, three_records, override, field, expected
):
    bad = {**record("1.000002", "Thủ tục lỗi"), **override}

    result = procedures_import(
        commune=commune_a, data=as_json([*three_records, bad]), filename="a.json"
    )

    assert not result.applied
    assert result.created == 0
    assert Procedure.objects.count() == 0
    [error] = result.errors
    assert error.row == 4
    assert error.field == field
    assert expected in error.message


def test_duplicate_codes_in_one_file_are_reported_with_the_first_row(commune_a, three_records):
    dup = record("1.001193", "Trùng mã")

    result = procedures_import(
        commune=commune_a, data=as_json([*three_records, dup]), filename="a.json"
    )

    assert [(e.row, e.code) for e in result.errors] == [(4, "1.001193")]
    assert "trùng với dòng 1" in result.errors[0].message
    assert Procedure.objects.count() == 0


def test_partial_import_stores_the_valid_rows_and_reports_the_invalid_ones(
    commune_a, three_records
):
    bad = record("sai", "Mã sai")

    result = procedures_import(
        commune=commune_a,
        data=as_json([three_records[0], bad, *three_records[1:]]),
        filename="a.json",
        partial=True,
    )

    assert result.applied
    assert result.created == 3
    assert [(e.row, e.code) for e in result.errors] == [(2, "sai")]
    assert "Các dòng lỗi đã được bỏ qua" in result.summary()
    assert Procedure.objects.filter(commune=commune_a).count() == 3


def test_a_broken_json_lines_line_is_a_row_error(commune_a, three_records):
    lines = [json.dumps(r, ensure_ascii=False) for r in three_records]
    data = "\n".join([lines[0], '{"ma_thu_tuc": "1.00', *lines[1:]]).encode()

    strict = procedures_import(commune=commune_a, data=data, filename="a.jsonl")
    partial = procedures_import(commune=commune_a, data=data, filename="a.jsonl", partial=True)

    assert [e.row for e in strict.errors] == [2]
    assert not strict.applied
    assert partial.created == 3


# --- upsert ------------------------------------------------------------------------------------


def test_reimporting_the_same_file_updates_without_duplicates(commune_a, three_records):
    procedures_import(commune=commune_a, data=as_json(three_records), filename="a.json")

    again = procedures_import(commune=commune_a, data=as_json(three_records), filename="a.json")

    assert (again.created, again.updated, again.unchanged) == (0, 3, 3)
    assert Procedure.objects.filter(commune=commune_a).count() == 3


def test_reimport_updates_changed_values_and_keeps_columns_the_file_lacks(commune_a):
    full = record("1.001193", "Đăng ký khai sinh", trinh_tu_thuc_hien="Bước 1: nộp hồ sơ.")
    procedures_import(commune=commune_a, data=as_json([full]), filename="a.json")
    csv_data = "ma_thu_tuc,ten_thu_tuc,linh_vuc\n1.001193,Đăng ký khai sinh (sửa),Hộ tịch\n"

    result = procedures_import(commune=commune_a, data=csv_data.encode(), filename="b.csv")

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    p = Procedure.objects.get(code="1.001193")
    assert p.name == "Đăng ký khai sinh (sửa)"
    assert p.steps == "Bước 1: nộp hồ sơ."


def test_the_same_code_in_two_communes_is_two_procedures(commune_a, commune_b, three_records):
    procedures_import(commune=commune_a, data=as_json(three_records), filename="a.json")
    procedures_import(commune=commune_b, data=as_json(three_records[:1]), filename="a.json")

    assert Procedure.objects.filter(code="1.001193").count() == 2
    assert Procedure.objects.filter(commune=commune_b).count() == 1


def test_status_columns_record_a_status_decision(commune_a):
    row = record(
        "1.001193",
        "Đăng ký khai sinh",
        tinh_trang="Bãi bỏ",
        ngay_hieu_luc="01/07/2025",
        quyet_dinh_tinh_trang="1234/QĐ-UBND",
    )

    procedures_import(commune=commune_a, data=as_json([row]), filename="a.json")
    procedures_import(commune=commune_a, data=as_json([row]), filename="a.json")

    p = Procedure.objects.get(code="1.001193")
    assert p.status == "abolished"
    assert p.status_effective_on.isoformat() == "2025-07-01"
    assert p.history.count() == 1  # the second, identical import records nothing new


def test_procedures_changed_is_sent_after_commit_with_the_changed_ids(
    commune_a, three_records, django_capture_on_commit_callbacks
):
    received: list[dict] = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    procedures_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = procedures_import(
                commune=commune_a, data=as_json(three_records), filename="a.json"
            )
            assert received == []  # not before the commit
        with django_capture_on_commit_callbacks(execute=True):
            procedures_import(commune=commune_a, data=as_json(three_records), filename="a.json")
    finally:
        procedures_changed.disconnect(listener)

    assert len(received) == 1  # the unchanged re-import sends nothing
    assert received[0]["commune"] == commune_a
    assert sorted(received[0]["procedure_ids"]) == sorted(result.procedure_ids)
    assert len(received[0]["procedure_ids"]) == 3


def test_json_lines_saved_with_a_json_extension_are_still_read(commune_a, three_records):
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in three_records).encode()

    result = procedures_import(commune=commune_a, data=data, filename="danh-muc.json")

    assert result.created == 3


def test_a_pretty_printed_single_object_is_the_wrong_top_level_type(commune_a, three_records):
    data = json.dumps(three_records[0], ensure_ascii=False, indent=2).encode()

    result = procedures_import(commune=commune_a, data=data, filename="mot-thu-tuc.txt")

    assert "phải là một danh sách" in result.file_error
    assert not Procedure.objects.exists()
