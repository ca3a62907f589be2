"""Reading an uploaded or national-portal file into numbered records (JSON, JSON Lines, CSV).

The bytes of the upload are checked (size, gzip with a zip-bomb guard, binary formats such as
Excel or PDF, encodings other than UTF-8) and decoded, then parsed as a JSON list, JSON Lines or
a CSV with a recognised header row; each record is yielded with its row number (the line number
in the file for CSV and JSON Lines). A file that cannot be read at all raises `ImportFileError`
with a Vietnamese message shown to the user as is.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import unicodedata
import zlib
from collections.abc import Iterator
from typing import Any

from cchc.procedures.validation import HEADER_ALIASES, _kind, normalize_text

MAX_IMPORT_BYTES = 20 * 1024 * 1024
"""Largest upload accepted (also the largest size a gzip file may expand to)."""


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the user as is."""


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
