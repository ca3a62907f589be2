"""The evidence pack (every file listed with a SHA-256 that matches, nothing of another
commune) and the commands par_score, evidence_pack, par_rules (JSON shape, exit codes)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from docx import Document

from cchc.parindex.pack import INDEX_NAME, SUMS_NAME, write_pack_file
from cchc.parindex.tests.conftest import FOREIGN, TODAY


def _index_rows(data: bytes) -> dict[str, list[str]]:
    """The annex table of the index DOCX: file path → its row."""
    document = Document(io.BytesIO(data))
    table = document.tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["TT", "Tệp", "Nội dung", "Tiêu chí thành phần", "Byte", "SHA-256"]
    return {row[1]: row for row in rows[1:]}


@pytest.mark.django_db
def test_the_pack_lists_every_file_with_a_matching_sha256(tmp_path, year_a, year_b):
    output = tmp_path / "ho-so.zip"
    entries = write_pack_file(year_a.commune, 2026, output, today=TODAY)
    with zipfile.ZipFile(output) as archive:
        names = set(archive.namelist())
        index = _index_rows(archive.read(INDEX_NAME))
        sums = archive.read(SUMS_NAME).decode()
        contents = {name: archive.read(name) for name in names}
    assert names == {e.path for e in entries} | {INDEX_NAME, SUMS_NAME}
    assert set(index) == names - {INDEX_NAME, SUMS_NAME}
    for name, row in index.items():
        assert row[5] == hashlib.sha256(contents[name]).hexdigest(), name
        assert f"{row[5]}  {name}" in sums
    assert {
        "01-ke-hoach/ke-hoach-tuyen-truyen-2026.docx",
        "01-ke-hoach/nhiem-vu-2026.xlsx",
        "02-san-pham/san-pham-2026.xlsx",
        "03-bao-cao-dinh-ky/2026-q3/thon-dong.txt",
        "03-bao-cao-dinh-ky/2026-q3/thon-dong/bien-ban-hop.pdf",
        "04-thong-ke/thong-ke-truy-cap-2026.xlsx",
        "05-tep-dinh-kem/nhiem-vu-4/anh-hoi-nghi.jpg",
    } <= names
    assert (
        contents["05-tep-dinh-kem/nhiem-vu-4/anh-hoi-nghi.jpg"]
        == "Ảnh hội nghị của Đức Thọ".encode()
    )
    assert (
        "Thôn Đông báo cáo quý III" in contents["03-bao-cao-dinh-ky/2026-q3/thon-dong.txt"].decode()
    )
    # Each file names the sub-criteria it is evidence for.
    assert index["02-san-pham/san-pham-2026.xlsx"][3] == (
        "a) Mức độ hoàn thành kế hoạch tuyên truyền CCHC; b) Đa dạng hóa hình thức tuyên truyền"
    )
    assert index["04-thong-ke/thong-ke-truy-cap-2026.xlsx"][3] == "Tài liệu chung"
    # Nothing of commune B: not a name, not a byte of a file (XLSX and DOCX are zipped XML).
    for name, data in contents.items():
        assert FOREIGN not in name and "nguyet-vien" not in name
        blobs = [data]
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                blobs = [inner.read(n) for n in inner.namelist()]
        for blob in blobs:
            assert FOREIGN.encode() not in blob and "Nguyệt Viên".encode() not in blob, name


@pytest.mark.django_db
def test_the_products_sheet_lists_every_product_with_its_date_and_link(tmp_path, year_a):
    from openpyxl import load_workbook

    output = tmp_path / "ho-so.zip"
    write_pack_file(year_a.commune, 2026, output, today=TODAY)
    with zipfile.ZipFile(output) as archive:
        book = load_workbook(io.BytesIO(archive.read("02-san-pham/san-pham-2026.xlsx")))
    rows = list(book["Sản phẩm"].iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Nhiệm vụ",
        "Loại sản phẩm",
        "Hình thức được tính",
        "Tên sản phẩm",
        "Ngày",
    )
    titles = sorted(row[3] for row in rows[1:])
    assert titles == ["Bài 1-0", "Bài 1-1", "Bài 2-0", "Bài 3-0", "Hội nghị tại Đức Thọ"]
    article = next(row for row in rows[1:] if row[3] == "Bài 2-0")
    assert article[4].date().isoformat() == "2026-06-01" and article[5]


@pytest.mark.django_db
def test_par_score_json_has_exactly_the_issue_s_shape(year_a, capsys):
    call_command("par_score", "--commune", "duc-tho", "--year", "2026", "--json")
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["commune", "year", "score", "max", "parts"]
    assert (data["commune"], data["year"], data["max"]) == ("duc-tho", 2026, 2.0)
    assert [list(part) for part in data["parts"]] == [["name", "score", "max", "reasons"]] * 2
    assert data["parts"][0]["score"] == 1.0 and data["score"] == 1.75
    reason = data["parts"][0]["reasons"][1]
    assert reason["item"] == 1 and reason["products"][0]["date"] == "2026-03-02"
    call_command("par_score", "--commune", "duc-tho.localhost", "--year", "2026")
    text = capsys.readouterr().out
    assert text.startswith("Xã Đức Thọ — năm 2026: 1,75/2 điểm")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        ("par_score", ["--commune", "khong-co", "--year", "2026"],
         "Không có xã, phường «khong-co»."),
        ("par_score", ["--commune", "duc-tho", "--year", "2025"],
         "Xã Đức Thọ chưa có kế hoạch tuyên truyền năm 2025."),
        ("evidence_pack", ["--commune", "nowhere.example", "--year", "2026", "--output", "x.zip"],
         "Không có xã, phường «nowhere.example»."),
        ("evidence_pack", ["--commune", "duc-tho", "--year", "2025", "--output", "x.zip"],
         "Xã Đức Thọ chưa có kế hoạch tuyên truyền năm 2025."),
    ],
)  # fmt: skip
def test_refusals_are_one_vietnamese_line_and_exit_status_1(
    year_a, capsys, tmp_path, command, args, message
):
    args = [str(tmp_path / a) if a.endswith(".zip") else a for a in args]
    with pytest.raises(SystemExit) as exited:
        call_command(command, *args)
    assert exited.value.code == 1
    assert capsys.readouterr().err.strip() == message


@pytest.mark.django_db
def test_evidence_pack_command_writes_the_zip(year_a, tmp_path, capsys):
    output = tmp_path / "ho-so.zip"
    call_command("evidence_pack", "--commune", "duc-tho", "--year", "2026", "--output", str(output))
    assert zipfile.ZipFile(output).testzip() is None
    assert capsys.readouterr().out.startswith(f"Đã ghi {output}: ")
    assert [p.name for p in tmp_path.iterdir()] == ["ho-so.zip"]  # no temporary file left


@pytest.mark.django_db
def test_par_rules_shows_and_loads_a_province_version(commune_a, tmp_path, capsys):
    call_command("par_rules", "--year", "2026", "--show")
    data = json.loads(capsys.readouterr().out)
    data["criteria"][0]["parts"][0]["params"]["proportional_from"] = 0.8
    path = tmp_path / "rule.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("par_rules", "--province", "Hà Tĩnh", "--year", "2027", "--load", str(path))
    assert "áp dụng từ năm 2027" in capsys.readouterr().out
    call_command("par_rules", "--province", "42", "--year", "2028", "--show")
    assert json.loads(capsys.readouterr().out)["criteria"][0]["parts"][0]["params"] == {
        "proportional_from": 0.8
    }
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("par_rules", "--province", "42", "--year", "2027", "--load", str(path))


@pytest.mark.django_db
def test_the_commune_s_saved_report_of_a_period_is_in_the_pack(tmp_path, year_a, coordinator):
    from cchc.reports.commune_report import commune_report_save, fresh_draft
    from cchc.reports.drafting import draft_data
    from cchc.reports.selectors import period_for

    commune = year_a.commune
    period = period_for(commune, 2026, "q3")
    text = fresh_draft(draft_data(commune, period, TODAY))
    commune_report_save(commune=commune, period=period, text=text, data_through=TODAY,
                        user=coordinator, base_version=0)  # fmt: skip
    output = tmp_path / "ho-so.zip"
    write_pack_file(commune, 2026, output, today=TODAY)
    with zipfile.ZipFile(output) as archive:
        data = archive.read("03-bao-cao-dinh-ky/2026-q3/bao-cao-cua-xa-v1.docx")
        index = _index_rows(archive.read(INDEX_NAME))
    assert "BÁO CÁO" in "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    row = index["03-bao-cao-dinh-ky/2026-q3/bao-cao-cua-xa-v1.docx"]
    assert row[2].startswith("Báo cáo") and "(phiên bản 1)" in row[2]
    assert row[5] == hashlib.sha256(data).hexdigest()
