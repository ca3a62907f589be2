"""The parser of the national portal's flattened tables, run over all 353 commune procedures.

Records are read from the real full export and normalised the way the import stores them, then
parsed; the glued header words are derived from the data itself (the common table headers and
the submission methods the crawler recognised), not typed in by hand.
"""

from __future__ import annotations

import gzip
import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.procedures.structure import (
    SECTIONS,
    parse_documents,
    parse_methods,
    parse_procedure,
    parse_results,
    parse_steps,
)
from cchc.procedures.structure_legal import NUMBER, parse_legal_bases
from cchc.procedures.tests.conftest import REAL_JSONL_GZ
from cchc.procedures.validation import _record_to_values

EXCLUDED = {"Hải quan", "Thuế"}
RAW_KEYS = {
    "papers": "thanh_phan_ho_so",
    "submission_details": "cach_thuc_thuc_hien",
    "legal_basis": "can_cu_phap_ly",
    "steps": "trinh_tu_thuc_hien",
    "result": "ket_qua_xu_ly",
}


def _split_glued(text: str) -> list[str]:
    """ "Tên giấy tờMẫu đơn, tờ khai" → ["Tên giấy tờ", "Mẫu đơn, tờ khai"] (lower then upper)."""
    words, start = [], 0
    for index in range(1, len(text)):
        if text[index - 1].islower() and text[index].isupper():
            words.append(text[start:index])
            start = index
    return [*words, text[start:]]


def _load() -> list[dict]:
    with gzip.open(REAL_JSONL_GZ, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return [r for r in records if r["linh_vuc"] not in EXCLUDED]


RECORDS = _load()


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[dict, dict]]:
    """code → (the texts as the import stores them, the structure parsed from them)."""
    out = {}
    for record in RECORDS:
        values, _ = _record_to_values(record)
        texts = {name: values.get(name, "") for name in SECTIONS}
        out[record["ma_thu_tuc"]] = (texts, parse_procedure(texts))
    return out


def _common_prefix(texts: list[str]) -> str:
    return os.path.commonprefix(texts)  # noqa: RUF071 - a text prefix, not a path


def header_words() -> list[str]:
    """The words of the portal's table headers, as they appear glued in the data."""
    headers = [
        _common_prefix([r["cach_thuc_thuc_hien"] for r in RECORDS]),
        _common_prefix([r["can_cu_phap_ly"] for r in RECORDS if r["can_cu_phap_ly"][:3] == "Tên"]),
        _common_prefix(
            [r["thanh_phan_ho_so"] for r in RECORDS if r["thanh_phan_ho_so"][:2] == "--"]
        )[2:],
    ]
    words = {w for header in headers for w in _split_glued(header) if len(w) > 3}
    words |= {m["hinh_thuc"] for r in RECORDS for m in r["_parsed_cach_thuc"]}
    return sorted(words)


def _cells(structure: dict):
    for group in structure["documents"] or []:
        yield group["heading"]
        for document in group["documents"]:
            yield document["name"]
            yield from document["templates"]
            yield document["quantity"]
    for method in structure["methods"] or []:
        yield from (method["method"], method["time_limit"], method["fee"], method["description"])
    for row in structure["legal_bases"] or []:
        yield from (row["title"], row["number"])
    for item in (structure["results"] or {}).get("items", []):
        yield from (item["name"], item["code"])


def test_there_are_353_commune_level_records():
    assert len(RECORDS) == 353


def test_the_header_words_are_derived_from_the_data():
    words = header_words()

    for expected in ("Tên giấy tờ", "Mẫu đơn, tờ khai", "Số lượng", "Tên văn bản pháp lý"):
        assert expected in words
    assert {"Mã văn bản", "Hình thức nộp", "Phí, lệ phí", "Trực tiếp", "Trực tuyến"} <= set(words)


def test_no_header_word_stays_glued_to_its_neighbour(parsed):
    words = header_words()
    glued = re.compile("|".join(rf"\w{re.escape(w)}|{re.escape(w)}\w" for w in words), re.UNICODE)
    found = []
    for code, (_, structure) in parsed.items():
        for cell in _cells(structure):
            match = glued.search(cell)
            if match:
                found.append((code, cell[max(0, match.start() - 30) : match.end() + 30]))
    # The raw texts are full of them: the test would catch a parser that kept the glue.
    assert sum(bool(glued.search(t["papers"])) for t, _ in parsed.values()) > 300
    assert found == []


def test_every_record_either_has_rows_or_falls_back_to_its_raw_text(parsed):
    for code, (texts, structure) in parsed.items():
        for source, section in SECTIONS.items():
            value = structure[section]
            if texts[source].strip():
                assert value or section in structure["fallback"], (code, section)
            else:
                assert value is None and section not in structure["fallback"], (code, section)
            assert value != [] and value != {}, (code, section)


def test_the_records_whose_papers_hold_steps_fall_back_to_raw_text(parsed):
    # The crawler cut 22 social-insurance procedures' steps at "mục 3.3 (Thành phần hồ sơ)".
    fallen = sorted(c for c, (_, s) in parsed.items() if "documents" in s["fallback"])

    assert len(fallen) == 22
    assert "2.000717" in fallen
    assert all(parsed[c][0]["papers"] for c in fallen)


def test_document_and_legal_rows_are_counted_for_every_record(parsed):
    documents = {
        c: sum(len(g["documents"]) for g in s["documents"] or []) for c, (_, s) in parsed.items()
    }
    legal = {c: len(s["legal_bases"] or []) for c, (_, s) in parsed.items()}

    assert sum(documents.values()) == 2507
    assert sum(legal.values()) == 1979
    # Every record with a legal-basis table has at least one row, and each number found
    # after the header shows up as a row's number or inside a title.
    for code, (texts, structure) in parsed.items():
        if structure["legal_bases"] is None:
            continue
        assert legal[code] >= 1
        joined = " ".join(f"{r['title']} {r['number']}" for r in structure["legal_bases"])
        for number in NUMBER.findall(texts["legal_basis"]):
            assert number in joined or number in texts["legal_basis"], (code, number)
        for row in structure["legal_bases"]:
            assert row["title"], code
    # Every table of papers has at least one row closed by its quantity cell.
    for code, (_, structure) in parsed.items():
        counted = sum(
            1
            for g in structure["documents"] or []
            for d in g["documents"]
            if d["originals"] is not None
        )
        if structure["documents"]:
            assert counted >= 1, code


def _rows(structure: dict) -> list[tuple]:
    return [
        (d["name"][:40], tuple(d["templates"]), d["quantity"])
        for g in structure["documents"]
        for d in g["documents"]
    ]


def test_spot_check_1_000253_one_paper_with_its_form_template(parsed):
    structure = parsed["1.000253"][1]

    assert _rows(structure) == [
        (
            "Phiếu khai báo tạm trú cho người nước ng",
            ("101-Mau A17 tam tru cho nguoi nuoc ngoai.doc",),
            "1 bản chính",
        )
    ]
    assert structure["methods"] == [
        {
            "method": "Trực tiếp",
            "time_limit": "7 ngày",
            "fee": "",
            "fee_note": "",
            "description": "Nộp trực tiếp tại trụ sở Công an cấp xã",
        }
    ]


def test_spot_check_1_003133_papers_with_copies_and_a_pdf_form(parsed):
    structure = parsed["1.003133"][1]

    assert [(n[:25], t, q) for n, t, q in _rows(structure)] == [
        ("01 bản sao có chứng thực ", (), "1 bản sao"),
        ("Tờ khai đề nghị cấp giấy ", ("M01b.pdf",), "1 bản chính"),
        ("Người chưa đủ 16 tuổi đề ", (), ""),
        ("02 ảnh 4x6cm mới chụp, mặ", (), "2 bản chính"),
        ("01 bản sao giấy khai sinh", (), "1 bản sao"),
        ("Giấy thông hành đã được c", (), "1 bản chính"),
    ]


def test_spot_check_1_001193_birth_registration_legal_bases(parsed):
    structure = parsed["1.001193"][1]
    rows = structure["legal_bases"]

    assert [r["number"] for r in rows] == [
        "85/2019/TT-BTC",
        "104/2022/NĐ-CP",
        "123/2015/NĐ-CP",
        "08/2025/TT-BTP",
        "18/2026/NĐ-CP",
        "87/2020/NĐ-CP",
        "04/2024/TT-BTP",
        "03/2023/TT-BTP",
        "106/2021/TT-BTC",
        "04/2020/TT-BTP",
        "07/2025/NĐ-CP",
        "120/2025/NĐ-CP",
        "66.7/2025/NQ-CP",
        "60/2014/QH13",
        "01/2022/TT-BTP",
    ]
    assert rows[2]["issued_on"] == "15/11/2015" and rows[2]["issuer"] == "Chính phủ"
    assert rows[7]["title"] == "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp"
    assert rows[13] == {
        "title": "Luật 60/2014/QH13",
        "number": "60/2014/QH13",
        "issued_on": "",
        "issuer": "Quốc hội",
    }
    # Another act's date in a title is not this act's date.
    assert rows[6]["issued_on"] == ""
    assert [g["heading"] for g in structure["documents"]][:2] == [
        "Giấy tờ phải nộp:",
        "Giấy tờ phải xuất trình:",
    ]
    assert structure["results"]["items"] == [{"name": "Giấy khai sinh", "code": "KQ.G15.000031"}]


def test_spot_check_1_012836_whole_number_cells_and_a_number_for_a_title(parsed):
    rows = parsed["1.012836"][1]["legal_bases"]

    assert [(r["title"][:40], r["number"]) for r in rows] == [
        ("Quy định phân định thẩm quyền của chính ", "131/2025/NĐ-CP"),
        ("Quy định chi tiết một số Điều của Luật t", "35/2016/NĐ-CP"),
        ("106/2024/NĐ-CP", "106/2024/NĐ-CP"),
    ]


def test_spot_check_1_014258_a_year_glued_to_the_next_number(parsed):
    rows = parsed["1.014258"][1]["legal_bases"]

    assert [(r["title"][:40], r["number"]) for r in rows[:3]] == [
        ("Luật Địa chất và Khoáng sản", "54/2024/QH15"),
        ("193/2025/NĐ-CP", "193/2025/NĐ-CP"),
        ("Luật Địa chất và khoáng sản sửa đổi 2025", "147/2025/QH15"),
    ]
    assert rows[4]["issued_on"] == "16/01/2026"


def test_spot_check_1_004222_methods_with_fees_and_notes(parsed):
    methods = parsed["1.004222"][1]["methods"]

    assert [(m["method"], m["time_limit"], m["fee"]) for m in methods] == [
        ("Trực tuyến", "7 ngày làm việc", "10.000 đồng"),
        ("Trực tiếp", "7 ngày làm việc", "20.000 đồng"),
    ]
    assert methods[0]["fee_note"].startswith("Trường hợp công dân nộp hồ sơ qua cổng")


def test_spot_check_1_002755_steps_and_four_results(parsed):
    structure = parsed["1.002755"][1]

    assert [s["number"] for s in structure["steps"]["steps"]][:5] == [1, 2, 3, 4, 5]
    assert (
        structure["steps"]["steps"][1]["text"] == "Cá nhân, tổ chức nộp hồ sơ đến Công an cấp xã."
    )
    assert [i["code"] for i in structure["results"]["items"]] == [
        "KQ.G01.000064",
        "KQ.G01.000065",
        "KQ.G01.000067",
        "KQ.G01.000066",
    ]


def test_unknown_shapes_give_none_not_empty_rows():
    assert parse_documents("Tờ khai đăng ký khai sinh; giấy chứng sinh") is None
    assert parse_methods("Nộp trực tiếp tại Ủy ban nhân dân xã") is None
    assert parse_legal_bases("Luật Hộ tịch năm 2014") is None
    assert parse_legal_bases("Tên văn bản pháp lýMã văn bản") is None
    assert parse_steps("Người dân nộp hồ sơ, cán bộ tiếp nhận.") is None
    assert parse_results("Giấy khai sinh") is None
    assert parse_procedure({"papers": "Tờ khai", "legal_basis": ""})["fallback"] == ["documents"]


PIECES = st.sampled_from(
    [
        "Tên giấy tờMẫu đơn, tờ khaiSố lượng",
        "Tên văn bản pháp lýMã văn bản",
        "Hình thức nộpThời gianPhí, lệ phíMô tả",
        "Trực tiếp",
        "5 Ngày làm việc",
        "Miễn phí",
        "(",
        ")",
        "1 bản chính",
        ",1 bản sao",
        "123/2015/NĐ-CP",
        "47/2014/QH13",
        "ngày 15/11/2015",
        "Mẫu số 01.docx",
        "Bước 1: ",
        "\n",
        "Mã: KQ.G15.000031",
        "Từ khóa",
        "Giấy khai sinh",
        "Luật ",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=25))
def test_the_parser_never_raises_on_generated_text(pieces):
    text = "".join(pieces)
    for parser in (parse_documents, parse_methods, parse_legal_bases, parse_steps, parse_results):
        parser(text)
    structure = parse_procedure(dict.fromkeys(SECTIONS, text))
    for section in SECTIONS.values():
        assert structure[section] != []
