"""Row validation for the procedure import: source columns to model fields, normalised text.

The national-portal exports and commune spreadsheets name their columns in many ways (Vietnamese
source keys, model field names, verbose labels); this module maps them to `Procedure` fields,
normalises the text (NFC, whitespace, "không có thông tin" → empty), and checks each record's
values (code format, required fields, length limits, URL, status and its date), returning the
problems as Vietnamese messages per field so the officer can fix the file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from cchc.procedures.models import Procedure, ProcedureStatus
from cchc.vietnamese.order import thousands

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
                    f"«{_label(name)}» dài {thousands(len(value))} ký tự, "
                    f"vượt quá giới hạn {thousands(limit)} ký tự.",
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
