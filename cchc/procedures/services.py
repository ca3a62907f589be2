"""Business rules for administrative procedures: importing a catalogue, recording status changes.

The import is all-or-nothing by default: a commune officer uploading a spreadsheet with one bad row
must not end up with half a catalogue published. Every row is validated first and every problem is
reported in Vietnamese with its row number, so the officer can fix the file and upload it again.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
import unicodedata
import zlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from cchc.communes import audit
from cchc.procedures.models import Procedure, ProcedureStatus, ProcedureStatusChange
from cchc.procedures.signals import procedures_changed

MAX_IMPORT_BYTES = 20 * 1024 * 1024
"""Largest upload accepted (also the largest size a gzip file may expand to)."""

TEXT_MAX_CHARS = 100_000
"""Limit for text fields (the longest list of papers on the national portal is ~52,000 chars)."""

# National procedure codes are "<group>.<six digits>": 1.001193, 2.000794, 3.000123, 6.000045.
# The full form on dichvucong.gov.vn adds ".000.00.00.H12"; only the short national code is kept.
CODE_RE = re.compile(r"^[1-9]\d?\.\d{6}$")

NO_INFORMATION = "không có thông tin"

# Source keys (Vietnamese keys of the national-portal exports) → model field names.
VIETNAMESE_KEYS: dict[str, str] = {
    "ma_thu_tuc": "code",
    "ten_thu_tuc": "name",
    "linh_vuc": "field",
    "cap_thuc_hien": "level",
    "loai_thu_tuc": "kind",
    "so_quyet_dinh": "deciding_act",
    "co_quan_co_tham_quyen": "competent_agency",
    "co_quan_thuc_hien": "implementing_agency",
    "doi_tuong_thuc_hien": "applicants",
    "hinh_thuc_nop": "submission_methods",
    "thoi_han_giai_quyet": "time_limit",
    "phi_le_phi": "fee",
    "thanh_phan_ho_so": "papers",
    "trinh_tu_thuc_hien": "steps",
    "yeu_cau_dieu_kien": "conditions",
    "ket_qua_xu_ly": "result",
    "can_cu_phap_ly": "legal_basis",
    "dia_chi_tiep_nhan": "receiving_address",
    "cach_thuc_thuc_hien": "submission_details",
    "detail_url": "national_url",
    "nguon_bo_nganh": "source_ministry",
    "tinh_trang": "status",
    "ngay_hieu_luc": "status_effective_on",
    "quyet_dinh_tinh_trang": "status_decision",
}

IMPORT_FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "field",
    "level",
    "kind",
    "deciding_act",
    "competent_agency",
    "implementing_agency",
    "applicants",
    "submission_methods",
    "submission_details",
    "time_limit",
    "fee",
    "papers",
    "steps",
    "conditions",
    "result",
    "legal_basis",
    "receiving_address",
    "national_url",
    "source_ministry",
)
STATUS_FIELDS: tuple[str, ...] = ("status", "status_effective_on", "status_decision")

# Text fields keep their line structure (numbered steps, lists of papers); the others are one line.
MULTILINE_FIELDS = frozenset(
    {
        "applicants",
        "implementing_agency",
        "submission_details",
        "papers",
        "steps",
        "conditions",
        "result",
        "legal_basis",
        "receiving_address",
    }
)


def _header_aliases() -> dict[str, str]:
    """Every accepted column name (lower-case) → model field: source keys, field names, labels."""
    aliases: dict[str, str] = {}
    for name in (*IMPORT_FIELDS, *STATUS_FIELDS):
        aliases[name] = name
        aliases[str(Procedure._meta.get_field(name).verbose_name).lower()] = name
    aliases["ngày hiệu lực"] = "status_effective_on"
    aliases["tình trạng"] = "status"
    aliases.update(VIETNAMESE_KEYS)
    return aliases


HEADER_ALIASES = _header_aliases()


@dataclass(frozen=True)
class RowError:
    """One problem in one row: `row` is the record's number (CSV: line number in the file)."""

    row: int
    code: str | None
    field: str | None
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    unchanged: int = 0  # among `updated`: procedures whose stored values were already the same
    procedure_ids: list[int] = field(default_factory=list)

    @property
    def file_error(self) -> str | None:
        """The message when the whole file was rejected (not readable), else None."""
        if len(self.errors) == 1 and self.errors[0].row == 0:
            return self.errors[0].message
        return None

    def summary(self) -> str:
        """A one-paragraph Vietnamese summary for the command line and the admin."""
        if self.file_error:
            return f"Không nhập được tệp: {self.file_error}"
        parts = [
            f"thêm mới {self.created}",
            f"cập nhật {self.updated}"
            + (f" (trong đó {self.unchanged} không thay đổi)" if self.unchanged else ""),
            f"bỏ qua {self.skipped} theo lĩnh vực loại trừ",
        ]
        if self.errors:
            parts.append(f"{len(self.errors)} lỗi")
        head = "Đã nhập thủ tục hành chính" if self.applied else "Chưa nhập thủ tục nào"
        tail = ""
        if self.errors and not self.applied:
            tail = " Tệp có dòng lỗi nên không có thay đổi nào được lưu; hãy sửa các dòng lỗi."
        elif self.errors:
            tail = " Các dòng lỗi đã được bỏ qua."
        return f"{head}: {', '.join(parts)}.{tail}"


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the user as is."""


def normalize_text(value: str, *, multiline: bool = False) -> str:
    """NFC, no stray double spaces; one line unless the field keeps paragraphs.

    Portal texts carry line breaks inside names and runs of spaces; in multi-line fields the
    breaks separate steps and papers, so they are kept (at most one blank line in a row).
    """
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\u00a0", " ").replace("\ufeff", "")
    if not multiline:
        value = " ".join(value.split())
    else:
        lines = [" ".join(line.split()) for line in value.split("\n")]
        value = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if value.lower() == NO_INFORMATION:
        return ""
    return value


# ---------------------------------------------------------------------------------------------
# Reading the file: bytes → records (dicts) with their row numbers
# ---------------------------------------------------------------------------------------------

_BINARY_SIGNATURES: list[tuple[bytes, str]] = [
    (
        b"PK\x03\x04",
        "Tệp Excel (.xlsx) hoặc tệp nén ZIP chưa được hỗ trợ; hãy lưu thành CSV UTF-8.",
    ),
    (
        b"\xd0\xcf\x11\xe0",
        "Tệp Excel/Word đời cũ (.xls, .doc) chưa được hỗ trợ; hãy lưu thành CSV UTF-8.",
    ),
    (b"%PDF", "Tệp PDF không nhập được; cần tệp JSON, JSON Lines hoặc CSV."),
    (b"\x89PNG", "Tệp ảnh không nhập được; cần tệp JSON, JSON Lines hoặc CSV."),
    (b"\xff\xd8\xff", "Tệp ảnh không nhập được; cần tệp JSON, JSON Lines hoặc CSV."),
]

_NOT_UTF8 = (
    "Tệp không phải UTF-8 (có thể đang ở mã Windows-1258, Windows-1252 hoặc TCVN3). "
    "Hãy mở tệp và lưu lại với mã hóa UTF-8 (trong Excel: «CSV UTF-8 (Comma delimited)»)."
)
_UTF16 = (
    "Tệp đang ở mã UTF-16 (thường do Excel lưu «Unicode Text»), không phải UTF-8. "
    "Hãy lưu lại với kiểu «CSV UTF-8 (Comma delimited)»."
)
_NOT_TEXT = "Tệp không phải văn bản JSON, JSON Lines hay CSV (có vẻ là tệp nhị phân)."


def _gunzip(data: bytes) -> bytes:
    """Decompress, refusing archives that expand past the size limit (zip bombs) or are cut off."""
    out = bytearray()
    try:
        while data:
            stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += stream.decompress(data, MAX_IMPORT_BYTES + 1 - len(out))
            if len(out) > MAX_IMPORT_BYTES:
                raise ImportFileError("Tệp sau khi giải nén lớn hơn 20 MB, không nhập được.")
            if not stream.eof:
                raise ImportFileError("Tệp nén gzip bị hỏng hoặc không đầy đủ (tải lên bị ngắt?).")
            # A gzip file may hold several members back to back; skip padding zeros.
            data = stream.unused_data.lstrip(b"\x00")
    except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise ImportFileError("Tệp nén gzip bị hỏng hoặc không đầy đủ (tải lên bị ngắt?).") from exc
    return bytes(out)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(_UTF16)
    for signature, message in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ImportFileError(message)
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:
        # Every other byte zero: UTF-16 without a byte-order mark.
        if head[1::2].count(b"\x00") > len(head) // 3 or head[0::2].count(b"\x00") > len(head) // 3:
            raise ImportFileError(_UTF16)
        raise ImportFileError(_NOT_TEXT)
    if b"\x00" in data:
        raise ImportFileError(_NOT_TEXT)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Mostly printable 8-bit text: a legacy Vietnamese/Western code page; otherwise junk.
        controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
        if controls > len(head) // 20:
            raise ImportFileError(_NOT_TEXT) from exc
        raise ImportFileError(_NOT_UTF8) from exc
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r")
    if controls > 8:
        raise ImportFileError(_NOT_TEXT)
    return unicodedata.normalize("NFC", text)


def _json_error(exc: json.JSONDecodeError, *, line_offset: int = 0) -> str:
    return (
        f"Tệp JSON không hợp lệ (dòng {exc.lineno + line_offset}, cột {exc.colno}). "
        "Tệp có thể bị cắt cụt hoặc sai cú pháp."
    )


def _read_records(data: bytes, filename: str) -> Iterator[tuple[int, Any]]:
    """Yield (row number, record) pairs; raise ImportFileError for an unreadable file."""
    if not data or not data.strip():
        raise ImportFileError("Tệp rỗng, không có thủ tục nào.")
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError("Tệp lớn hơn 20 MB, không nhập được.")
    name = filename.lower()
    if data[:2] == b"\x1f\x8b":  # gzip magic, whatever the file is called
        data = _gunzip(data)
        name = name.removesuffix(".gz")
        if not data.strip():
            raise ImportFileError("Tệp rỗng, không có thủ tục nào.")
    text = _decode(data)
    stripped = text.lstrip()
    if not stripped:
        raise ImportFileError("Tệp rỗng, không có thủ tục nào.")
    is_jsonl_name = name.endswith((".jsonl", ".ndjson"))
    if stripped[0] == "[":
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFileError(_json_error(exc)) from exc
        if not isinstance(payload, list):
            raise ImportFileError("Tệp JSON phải là một danh sách ([…]) các thủ tục.")
        yield from enumerate(payload, start=1)
        return
    if stripped[0] == "{":
        if not is_jsonl_name:
            try:
                payload = json.loads(text)
            except json.JSONDecodeError as exc:
                # "Extra data" after a complete first object: JSON Lines under another name.
                if name.endswith(".json") and not exc.msg.startswith("Extra data"):
                    raise ImportFileError(_json_error(exc)) from exc
            else:
                # One object on one line in a file not named .json: JSON Lines with one record.
                if (
                    isinstance(payload, dict)
                    and "\n" not in text.strip()
                    and not name.endswith(".json")
                ):
                    yield 1, payload
                    return
                raise ImportFileError(
                    "Tệp JSON phải là một danh sách ([…]) các thủ tục, không phải một đối tượng "
                    "({…}). Với JSON Lines, mỗi dòng là một thủ tục và tên tệp có đuôi .jsonl."
                )
        yield from _read_json_lines(text)
        return
    if name.endswith((".json", ".jsonl", ".ndjson")) or stripped[0] in '"0123456789-tfn':
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            if name.endswith((".json", ".jsonl", ".ndjson")):
                raise ImportFileError(_json_error(exc)) from exc
        else:
            raise ImportFileError(
                f"Tệp JSON phải là một danh sách các thủ tục, không phải {_kind(payload)}."
            )
    yield from _read_csv(text)


def _read_json_lines(text: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError:
            # Reported as a row error so the other lines can still be checked and listed.
            yield number, _BrokenLine()


class _BrokenLine:
    """Marker for a JSON Lines line that is not valid JSON."""


def _read_csv(text: str) -> Iterator[tuple[int, Any]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ImportFileError("Không đọc được dòng tiêu đề của tệp CSV.") from exc
    columns = [HEADER_ALIASES.get(normalize_text(h).lower()) for h in header]
    if "code" not in columns:
        raise ImportFileError(
            "Không nhận ra tệp: không phải JSON, JSON Lines, cũng không phải CSV có cột mã thủ tục "
            "(ma_thu_tuc hoặc code) ở dòng đầu."
        )
    line = reader.line_num
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            record = {col: cell for col, cell in zip(columns, cells, strict=False) if col}
            if len(cells) > len(columns):
                record["__extra_cells__"] = True
            yield start, record
    except csv.Error as exc:
        raise ImportFileError(f"Tệp CSV sai cấu trúc gần dòng {line + 1}: {exc}.") from exc


# ---------------------------------------------------------------------------------------------
# Validating one record
# ---------------------------------------------------------------------------------------------

_url_validator = URLValidator(schemes=["http", "https"])


def _label(name: str) -> str:
    return str(Procedure._meta.get_field(name).verbose_name)


def _parse_date(value: str) -> dt.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(value)


_STATUS_LOOKUP: dict[str, str] = {}
for _value, _text in ProcedureStatus.choices:
    _STATUS_LOOKUP[_value] = _value
    _STATUS_LOOKUP[str(_text).lower()] = _value
_STATUS_LOOKUP.update({"bãi bỏ": "abolished", "mới": "new", "sửa đổi": "amended"})


def parse_status(value: str) -> str | None:
    """A status code from its code or Vietnamese label ("Bãi bỏ", "abolished"), else None."""
    return _STATUS_LOOKUP.get(normalize_text(value).lower())


def _kind(value: Any) -> str:
    """The JSON type of a value, in Vietnamese, for error messages."""
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, int | float):
        return "một số"
    if isinstance(value, dict):
        return "một đối tượng"
    if isinstance(value, list):
        return "một danh sách"
    if value is None:
        return "null"
    return "chuỗi"


def _as_text(value: Any) -> str | None:
    """Stringify scalars; None for structures (dicts) that cannot be a field value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, str | int | float):
        return str(value)
    return None


_DETAILS_TABLE_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"


def _record_to_values(
    record: dict[str, Any],
) -> tuple[dict[str, Any], list[tuple[str | None, str]]]:
    """Map source keys to model fields and normalise; return (values, [(field, message)])."""
    values: dict[str, Any] = {}
    problems: list[tuple[str | None, str]] = []
    for key, raw in record.items():
        if not isinstance(key, str):
            continue
        name = HEADER_ALIASES.get(key.strip().lower())
        if name is None:
            continue
        if name == "submission_methods" and isinstance(raw, list):
            items = [_as_text(x) for x in raw]
            if any(x is None for x in items):
                problems.append((name, f"«{_label(name)}» phải là danh sách các chuỗi."))
                continue
            values[name] = ", ".join(normalize_text(x) for x in items if normalize_text(x))
            continue
        text = _as_text(raw)
        if text is None:
            problems.append(
                (name, f"«{_label(name)}» phải là chuỗi ký tự, không phải {_kind(raw)}.")
            )
            continue
        text = normalize_text(text, multiline=name in MULTILINE_FIELDS)
        if name == "submission_details":
            # The portal's table headers come glued to the text; useless without the table.
            text = text.removeprefix(_DETAILS_TABLE_HEADER).strip()
        values[name] = text
    # The full national export has the "how to submit" table parsed per channel; use it when the
    # file has no summary columns of its own.
    parsed = record.get("_parsed_cach_thuc")
    if isinstance(parsed, list) and all(isinstance(x, dict) for x in parsed):

        def _collect(key: str) -> str:
            seen: list[str] = []
            for item in parsed:
                text = normalize_text(str(item.get(key) or ""))
                if text and text not in seen:
                    seen.append(text)
            return "; ".join(seen)

        values.setdefault("submission_methods", _collect("hinh_thuc").replace("; ", ", "))
        values.setdefault("time_limit", _collect("thoi_han"))
        values.setdefault("fee", _collect("phi_le_phi"))
    return values, problems


def _n(number: int) -> str:
    """1.234 — Vietnamese thousands separator."""
    return f"{number:,}".replace(",", ".")


def _validate(values: dict[str, Any]) -> list[tuple[str | None, str]]:
    problems: list[tuple[str | None, str]] = []
    code = values.get("code", "")
    if not code:
        problems.append(("code", "Thiếu mã thủ tục."))
    elif not CODE_RE.match(code):
        problems.append(
            (
                "code",
                f"Mã thủ tục «{code[:60]}» không đúng định dạng (ví dụ đúng: 1.001193, 2.000794).",
            )
        )
    if not values.get("name"):
        problems.append(("name", "Thiếu tên thủ tục."))
    if not values.get("field"):
        problems.append(("field", "Thiếu lĩnh vực."))
    for name, value in values.items():
        if name in STATUS_FIELDS:
            continue
        model_field = Procedure._meta.get_field(name)
        limit = model_field.max_length or TEXT_MAX_CHARS
        if isinstance(value, str) and len(value) > limit:
            problems.append(
                (
                    name,
                    f"«{_label(name)}» dài {_n(len(value))} ký tự, "
                    f"vượt quá giới hạn {_n(limit)} ký tự.",
                )
            )
    url = values.get("national_url")
    if url:
        try:
            _url_validator(url)
        except ValidationError:
            problems.append(
                (
                    "national_url",
                    f"Đường dẫn «{url[:120]}» không hợp lệ (cần http:// hoặc https://).",
                )
            )
    raw_status = values.get("status")
    if raw_status:
        status = parse_status(raw_status)
        if status is None:
            allowed = ", ".join(str(label) for label in ProcedureStatus.labels)
            problems.append(
                (
                    "status",
                    f"Tình trạng «{raw_status[:60]}» không hợp lệ; dùng một trong: {allowed}.",
                )
            )
        else:
            values["status"] = status
    raw_date = values.get("status_effective_on")
    if raw_date:
        try:
            values["status_effective_on"] = _parse_date(raw_date)
        except ValueError:
            problems.append(
                (
                    "status_effective_on",
                    f"Ngày hiệu lực «{raw_date[:40]}» không hợp lệ (dùng dạng dd/mm/yyyy).",
                )
            )
    elif "status_effective_on" in values:
        values["status_effective_on"] = None
    if values.get("status_decision") and len(values["status_decision"]) > 200:
        problems.append(("status_decision", "«Quyết định» dài quá 200 ký tự."))
    return problems


# ---------------------------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------------------------


def _fold(value: str) -> str:
    return normalize_text(value).casefold()


def procedures_import(
    *,
    commune,
    data: bytes,
    filename: str,
    partial: bool = False,
    exclude_fields: Collection[str] = (),
    user=None,
) -> ImportResult:
    """Validate every record of the file, then upsert the valid ones by (commune, code).

    Any invalid row blocks the whole import unless `partial` is set, in which case the valid rows
    are stored and the invalid ones reported. Records of an excluded field (e.g. "Hải quan") are
    counted as skipped. Only the columns present in the file are written to existing procedures,
    so a short list (code, name, field) never wipes the steps imported from the full export.
    An import that stores anything is written to the commune's audit log, as done by `user`
    (None from the command line).
    """
    result = ImportResult()
    excluded = {_fold(f) for f in exclude_fields}
    try:
        rows = _collect_rows(_read_records(data, filename), excluded, result)
    except ImportFileError as exc:
        result.errors = [RowError(row=0, code=None, field=None, message=str(exc))]
        return result
    if not rows and not result.errors and not result.skipped:
        result.errors = [RowError(0, None, None, "Tệp không có thủ tục nào.")]
        return result
    if result.errors and not partial:
        return result
    if rows:
        with transaction.atomic():
            _apply(commune, rows, result)
            _log_import(user, commune, filename, partial, result)
    result.applied = bool(rows)
    return result


def _log_import(user, commune, filename: str, partial: bool, result: ImportResult) -> None:
    audit.log_staff_action(
        user=user,
        instance=commune,
        action=audit.IMPORT,
        title=f"Danh mục thủ tục hành chính — {commune.full_name}",
        data={
            "filename": filename[:200],
            "partial": partial,
            "created": result.created,
            "changed": result.updated - result.unchanged,
            "unchanged": result.unchanged,
            "skipped": result.skipped,
            "errors": len(result.errors),
        },
    )


def _collect_rows(
    records: Iterable[tuple[int, Any]], excluded: set[str], result: ImportResult
) -> list[tuple[int, dict[str, Any]]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for number, record in records:
        if isinstance(record, _BrokenLine):
            result.errors.append(RowError(number, None, None, "Dòng này không phải JSON hợp lệ."))
            continue
        if not isinstance(record, dict):
            result.errors.append(
                RowError(number, None, None, "Mỗi thủ tục phải là một đối tượng JSON ({…}).")
            )
            continue
        values, problems = _record_to_values(record)
        code = values.get("code") or None
        if values.get("field") and _fold(values["field"]) in excluded:
            result.skipped += 1
            continue
        if record.get("__extra_cells__"):
            problems.append((None, "Dòng có nhiều ô hơn dòng tiêu đề (thừa dấu phân cách?)."))
        # A field already reported as the wrong type is not reported again as missing.
        typed = {f for f, _ in problems}
        problems += [(f, m) for f, m in _validate(values) if f is None or f not in typed]
        if code and code in seen and not any(f == "code" for f, _ in problems):
            problems.append(("code", f"Mã thủ tục {code} trùng với dòng {seen[code]} trong tệp."))
        elif code:
            seen.setdefault(code, number)
        for field_name, message in problems:
            result.errors.append(RowError(number, code, field_name, message))
        if not problems:
            rows.append((number, values))
    return rows


def _apply(commune, rows: list[tuple[int, dict[str, Any]]], result: ImportResult) -> None:
    now = timezone.now()
    with transaction.atomic():
        # The whole catalogue of the commune (a few hundred rows) rather than `code IN (…)`:
        # no bound-parameter limits however long the file is.
        existing = {
            p.code: p for p in Procedure.objects.select_for_update().filter(commune=commune)
        }
        to_create: list[Procedure] = []
        to_update: list[tuple[Procedure, set[str]]] = []
        status_rows: list[tuple[str, dict[str, Any]]] = []
        for _, values in rows:
            plain = {k: v for k, v in values.items() if k in IMPORT_FIELDS}
            if values.get("status"):
                status_rows.append((values["code"], values))
            procedure = existing.get(values["code"])
            if procedure is None:
                to_create.append(Procedure(commune=commune, **plain))
                continue
            result.updated += 1
            diff = {k for k, v in plain.items() if getattr(procedure, k) != v}
            if not diff:
                result.unchanged += 1
                continue
            for k in diff:
                setattr(procedure, k, plain[k])
            to_update.append((procedure, diff))
        Procedure.objects.bulk_create(to_create, batch_size=200)
        # One UPDATE per changed procedure with only its changed columns: much faster than
        # bulk_update's CASE expressions over ~20 long text columns, and re-imports mostly
        # change nothing at all.
        for procedure, diff in to_update:
            Procedure.objects.filter(pk=procedure.pk).update(
                updated_at=now, **{k: getattr(procedure, k) for k in diff}
            )
        result.created = len(to_create)
        created_codes = {p.code for p in to_create}
        ids_by_code = dict(Procedure.objects.filter(commune=commune).values_list("code", "id"))
        touched = {ids_by_code[c] for c in created_codes} | {p.id for p, _ in to_update}
        touched |= _apply_status_columns(commune, status_rows)
        result.procedure_ids = sorted(touched)
        ids = list(result.procedure_ids)
        if ids:
            transaction.on_commit(
                lambda: procedures_changed.send(
                    sender=Procedure, commune=commune, procedure_ids=ids
                )
            )


def _apply_status_columns(commune, status_rows: list[tuple[str, dict[str, Any]]]) -> set[int]:
    """Status columns in a file are status decisions: recorded in the history when they differ."""
    touched: set[int] = set()
    if not status_rows:
        return touched
    wanted = {code for code, _ in status_rows}
    # Full rows: post_save receivers (search index) read the other fields too.
    procedures = {p.code: p for p in Procedure.objects.filter(commune=commune) if p.code in wanted}
    for code, values in status_rows:
        procedure = procedures[code]
        effective_on = values.get("status_effective_on")
        decision = values.get("status_decision", "")
        if procedure.status == values["status"] and procedure.status_effective_on == effective_on:
            continue
        if procedure.status == values["status"] and effective_on is None:
            continue
        _record_status(
            procedure=procedure,
            status=values["status"],
            effective_on=effective_on,
            decision=decision,
            note="Cập nhật từ tệp nhập thủ tục.",
            replaced_by="",
        )
        touched.add(procedure.id)
    return touched


# ---------------------------------------------------------------------------------------------
# Status changes
# ---------------------------------------------------------------------------------------------


def _record_status(
    *,
    procedure: Procedure,
    status: str,
    effective_on: dt.date | None,
    decision: str,
    note: str,
    replaced_by: str,
) -> ProcedureStatusChange:
    change = ProcedureStatusChange.objects.create(
        procedure=procedure,
        status=status,
        effective_on=effective_on,
        decision=decision,
        note=note,
        replaced_by=replaced_by,
    )
    # A decision recorded late (dated before the current one) goes into the history without
    # overriding the procedure's present status.
    current = procedure.status_effective_on
    if current is None or effective_on is None or effective_on >= current:
        procedure.status = status
        procedure.status_effective_on = effective_on
        procedure.status_decision = decision
        procedure.save(
            update_fields=["status", "status_effective_on", "status_decision", "updated_at"]
        )
    return change


def procedure_change_status(
    *,
    procedure: Procedure,
    status: str,
    effective_on: dt.date | None,
    decision: str,
    note: str = "",
    replaced_by: str = "",
    user=None,
) -> ProcedureStatusChange:
    """Record a dated status decision and make it the procedure's current status.

    Written to the commune's audit log as done by `user` (None from the command line).

    Abolished procedures are not deleted: citizens still look them up, and the public page says
    they are abolished and since when. Raises ValidationError (Vietnamese) for bad input.
    """
    errors: dict[str, str] = {}
    if status not in ProcedureStatus.values:
        errors["status"] = f"Tình trạng «{status}» không hợp lệ."
    if effective_on is not None and not isinstance(effective_on, dt.date):
        errors["effective_on"] = "Ngày hiệu lực không hợp lệ."
    decision = normalize_text(decision or "")
    if len(decision) > 200:
        errors["decision"] = "Số quyết định dài quá 200 ký tự."
    replaced_by = normalize_text(replaced_by or "")
    if replaced_by and not CODE_RE.match(replaced_by):
        errors["replaced_by"] = f"Mã thủ tục thay thế «{replaced_by}» không đúng định dạng."
    if status == ProcedureStatus.REPLACED and not replaced_by:
        errors["replaced_by"] = "Thủ tục bị thay thế cần ghi mã thủ tục thay thế."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
        before = locked.status
        change = _record_status(
            procedure=locked,
            status=status,
            effective_on=effective_on,
            decision=decision,
            note=(note or "").strip(),
            replaced_by=replaced_by,
        )
        _log_status(user, locked, change, before)
        commune, ids = locked.commune, [locked.pk]
        transaction.on_commit(
            lambda: procedures_changed.send(sender=Procedure, commune=commune, procedure_ids=ids)
        )
    for name in ("status", "status_effective_on", "status_decision", "updated_at"):
        setattr(procedure, name, getattr(locked, name))
    return change


def _log_status(user, procedure: Procedure, change: ProcedureStatusChange, before: str) -> None:
    audit.log_staff_action(
        user=user,
        instance=procedure,
        action=audit.STATUS,
        data={
            "before": before,
            "before_label": ProcedureStatus(before).label,
            "after": change.status,
            "after_label": change.get_status_display(),
            "effective_on": f"{change.effective_on:%d/%m/%Y}" if change.effective_on else "",
            "decision": change.decision,
            "replaced_by": change.replaced_by,
        },
    )
