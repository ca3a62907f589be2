"""Hypothesis strategies for the input fuzz (cchc/tests/test_fuzz_inputs.py).

Generated values lean towards what has broken Python web code before: digits that are not 0–9
("²", "٣"), numbers JSON should not carry (NaN, Infinity, 1e400), NUL and control characters,
invalid UTF-8 behind percent escapes, huge and negative numbers, dates that do not exist, files
cut short. Plain random text is mixed in so the rest of the space is visited too.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from urllib.parse import quote, quote_from_bytes

from hypothesis import strategies as st
from PIL import Image as PILImage

# --- Text -----------------------------------------------------------------------------------------

NASTY_STRINGS = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "²",
    "٣",
    "١٢٣",
    "𝟙𝟚",
    "Ⅻ",
    "½",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "-0",
    "2147483648",
    "9" * 40,
    "1_000",
    " 7 ",
    "0x1F",
    "1.5",
    "\x00",
    "a\x00b",
    "%00",
    "%",
    "&",
    "=",
    "+",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202e",
    "\ufeff",
    "\u200b",
    "Đức Thọ",
    "e\u0301",
    "😀",
    "\t\n\r",
    "null",
    "[]",
    "{}",
    "x" * 3000,
]

# Any character a browser can send: lone surrogates cannot be encoded as UTF-8 at all.
characters = st.characters(exclude_categories=("Cs",))
plain_text = st.text(characters, max_size=40)
odd_text = st.one_of(st.sampled_from(NASTY_STRINGS), plain_text)


def number_text() -> st.SearchStrategy[str]:
    """Numbers written every way a form field or query string might carry them."""
    return st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.floats().map(repr),
        st.sampled_from(["²", "٣", "𝟙", "1e400", "NaN", "-Infinity", "0", "00000000001", "+5"]),
    )


field_value = st.one_of(odd_text, number_text())

# In the place of an id: what int() or str.isdigit() take for a number but a database does not.
ODD_IDS = ["²", "٣", "𝟙", "0", "-1", "2147483648", "9" * 25, "1.0", " 1", "1e3", "", "abc", "\x00"]


MISSING = object()
"""In place of a value: the field is left out of the request altogether."""


@st.composite
def mutated(draw, valid: dict, odd: dict[str, st.SearchStrategy]) -> dict:
    """A valid input with none, one or a few of its fields replaced by odd values (or left out).

    Drawn this way, every field's checks are reached on their own (the other fields being
    fine), and a share of the examples is accepted, so the code after validation runs too.
    """
    chosen = draw(st.lists(st.sampled_from(sorted(odd)), max_size=3, unique=True))
    form = dict(valid)
    for name in chosen:
        value = draw(st.one_of(odd[name], st.just(MISSING)))
        if value is MISSING:
            form.pop(name, None)
        else:
            form[name] = value
    return form


def odd_choice(extra: list[str] = ()) -> st.SearchStrategy[str]:
    """In place of an id or a choice: odd digits, other numbers, odd text."""
    return st.one_of(st.sampled_from([*ODD_IDS, *extra]), field_value)


# --- Query strings --------------------------------------------------------------------------------


def _encoded(value: str) -> str:
    return quote(value, safe="")


def query_strings(keys: list[str]) -> st.SearchStrategy[str]:
    """A raw query string: known and unknown keys, encoded text, and invalid UTF-8 bytes."""
    key = st.one_of(st.sampled_from(keys), plain_text.filter(bool).map(_encoded))
    value = st.one_of(
        field_value.map(_encoded),
        st.binary(max_size=12).map(lambda b: quote_from_bytes(b, safe="")),
        st.sampled_from(["%", "%zz", "%ff%fe", "%c0%80", "%ed%a0%80", "+", "&&", "=="]),
    )
    pair = st.tuples(key, value).map(lambda kv: f"{kv[0]}={kv[1]}")
    return st.lists(st.one_of(pair, key), max_size=5).map("&".join)


# --- JSON bodies ----------------------------------------------------------------------------------

SPECIAL_NUMBERS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1E400",
    "1e-400",
    "1e308",
    "-0",
    "0.0",
    "3600.0000001",
    "123456789012345678901234567890",
    "9" * 300,
]


def _json_number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(SPECIAL_NUMBERS),
        st.integers().map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
    )


def _json_scalar() -> st.SearchStrategy[str]:
    return st.one_of(
        _json_number(),
        st.sampled_from(["true", "false", "null"]),
        odd_text.map(lambda s: json.dumps(s, ensure_ascii=False)),
        # A JSON string holding a number in other digits: "²", "٣".
        st.sampled_from(['"²"', '"٣"', '"10"', '"1e400"']),
    )


def _json_object(values: st.SearchStrategy[str], keys: st.SearchStrategy[str]):
    return st.lists(st.tuples(keys, values), max_size=5).map(
        lambda pairs: "{" + ",".join(f"{json.dumps(k)}:{v}" for k, v in pairs) + "}"
    )


json_text = st.recursive(
    _json_scalar(),
    lambda children: st.one_of(
        st.lists(children, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]"),
        _json_object(children, plain_text),
    ),
    max_leaves=12,
)


def beacon_bodies(page_id: int) -> st.SearchStrategy[bytes]:
    """Bodies for POST /api/stats/beacon: a valid beacon with odd fields, or junk."""
    number = st.one_of(_json_number(), json_text)
    odd = {
        "page": st.one_of(_json_scalar(), json_text),
        "type": st.one_of(st.sampled_from(['"share"', '"READ"', '"x"', "1"]), _json_scalar()),
        "seconds": number,
        "depth": number,
        "to": st.one_of(st.sampled_from(['"zalo"', '"facebook"', '"native"']), _json_scalar()),
        "extra": json_text,
    }
    valid = {"page": str(page_id), "type": '"read"', "seconds": "30", "depth": "75"}
    shaped = mutated(valid, odd).map(
        lambda d: ("{" + ",".join(f"{json.dumps(k)}:{v}" for k, v in d.items()) + "}").encode()
    )
    junk = st.one_of(
        json_text.map(str.encode),
        st.binary(max_size=200),
        st.sampled_from([b"", b"\xff\xfe{}", b'{"page": 1, "type": "read"' + b"\xc0\x80}"]),
    )
    return st.one_of(shaped, junk)


CONTENT_LENGTHS = ["abc", "-1", "²", "1e3", " 12", "12 ", "99999999999999999999", "0x10", "", "+5"]


# --- Dates ----------------------------------------------------------------------------------------

date_text = st.one_of(
    st.sampled_from(
        [
            "31/02/2026",
            "29/02/2025",
            "00/00/0000",
            "01/01/0001",
            "01/01/0001 00:00",
            "31/12/9999 23:59",
            "01/01/10000",
            "2026-13-01",
            "2026-01-01T25:61",
            "01/01/2026 24:00",
            "²/01/2026",
            "١/٢/٢٠٢٦",
            "01/01/-1",
            "1e400",
            "hôm nay",
        ]
    ),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.datetimes().map(lambda d: d.strftime("%d/%m/%Y %H:%M")),
    st.datetimes().map(lambda d: d.isoformat()),
    odd_text,
)


# --- Files ----------------------------------------------------------------------------------------


def _image(kind: str, seed: int, size: tuple[int, int] = (24, 24)) -> bytes:
    noise = random.Random(seed).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", size, noise).save(buffer, kind)
    return buffer.getvalue()


@st.composite
def image_uploads(draw) -> tuple[str, bytes]:
    """(file name, bytes): real images, cut, flipped, renamed, or not images at all."""
    kind = draw(st.sampled_from(["PNG", "GIF", "JPEG", "WEBP"]))
    data = _image(kind, draw(st.integers(0, 3)))
    damage = draw(st.sampled_from(["none", "cut", "flip", "append", "junk", "empty"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif damage == "flip":
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    elif damage == "append":
        data += draw(st.binary(max_size=64))
    elif damage == "junk":
        data = draw(st.binary(max_size=256))
    elif damage == "empty":
        data = b""
    extension = draw(
        st.one_of(
            st.just({"JPEG": "jpg"}.get(kind, kind.lower())),
            st.sampled_from(["png", "gif", "jpeg", "webp", "svg", "PNG", "", "png.html"]),
        )
    )
    stem = draw(st.one_of(st.just("anh"), odd_text.filter(lambda s: "\x00" not in s)))
    return f"{stem[:120]}.{extension}" if extension else stem[:120] or "anh", data


def document_uploads() -> st.SearchStrategy[tuple[str, bytes]]:
    starts = [b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"ID3", b""]
    content = st.one_of(
        st.tuples(st.sampled_from(starts), st.binary(max_size=200)).map(b"".join),
        odd_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.binary(max_size=200),
    )
    name = st.tuples(
        st.one_of(st.just("tai-lieu"), odd_text.filter(lambda s: "\x00" not in s)),
        st.sampled_from(["pdf", "docx", "doc", "xlsx", "odt", "txt", "csv", "mp3", "zip", "exe"]),
    ).map(lambda t: f"{t[0][:150]}.{t[1]}")
    return st.tuples(name, content)


# --- Procedure catalogue files --------------------------------------------------------------------

IMPORT_KEYS = [
    "ma_thu_tuc",
    "ten_thu_tuc",
    "linh_vuc",
    "cap_thuc_hien",
    "hinh_thuc_nop",
    "detail_url",
    "tinh_trang",
    "ngay_hieu_luc",
    "quyet_dinh_tinh_trang",
    "code",
    "name",
    "_parsed_cach_thuc",
]
CODES = ["1.001193", "2.000794", "1.000894", "99.999999", "1.00119", "².001193", "1.٠٠١١٩٣"]


def _import_value() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(CODES).map(json.dumps),
        st.sampled_from(["Bãi bỏ", "abolished", "current", "replaced", "mới"]).map(json.dumps),
        date_text.map(lambda s: json.dumps(s, ensure_ascii=False)),
        json_text,
    )


_records = st.lists(_json_object(_import_value(), st.sampled_from(IMPORT_KEYS)), max_size=4)


def _csv(rows: list[list[str]], delimiter: str) -> str:
    return "\n".join(delimiter.join(row) for row in rows)


csv_cell = st.one_of(st.sampled_from(CODES), date_text, odd_text)


@st.composite
def import_files(draw) -> tuple[str, bytes]:
    """(file name, bytes) for the procedure import: JSON, JSON Lines, CSV, gzip, or junk."""
    form = draw(st.sampled_from(["json", "jsonl", "csv", "gzip", "junk"]))
    if form == "json":
        data = ("[" + ",".join(draw(_records)) + "]").encode()
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
    elif form == "jsonl":
        data = "\n".join(draw(_records)).encode()
    elif form == "csv":
        header = draw(st.lists(st.sampled_from([*IMPORT_KEYS, "Mã thủ tục", "x"]), max_size=5))
        rows = draw(st.lists(st.lists(csv_cell, max_size=6), max_size=4))
        delimiter = draw(st.sampled_from([",", ";", "\t"]))
        data = _csv([header, *rows], delimiter).encode("utf-8", "surrogatepass")
    elif form == "gzip":
        data = gzip.compress(("[" + ",".join(draw(_records)) + "]").encode(), mtime=0)
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
    else:
        data = draw(st.binary(max_size=300))
    extension = draw(st.sampled_from(["json", "jsonl", "csv", "json.gz", "txt", "xlsx", ""]))
    return (f"danh-muc.{extension}" if extension else "danh-muc"), data
