"""The legal-basis table of the national portal, flattened into one line, back into rows.

The portal's table has two columns, "Tên văn bản pháp lý" (title) and "Mã văn bản" (number);
flattened, every title runs into its number and every number into the next title:
"…Luật Hộ tịch123/2015/NĐ-CPThông tư số 08/2025/TT-BTP ngày 12/6/2025 …08/2025/TT-BTP". Numbers
are found by their shape (123/2015/NĐ-CP, 47/2014/QH13, 2418/QĐ-BNNMT), the text is cut into
cells where a number or a capitalised word is glued to what comes before, and cells are paired
as (title, number). Pure: no Django, so it runs on any text and in tests without a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEGAL_HEADER = re.compile(r"^\s*Tên văn bản pháp lý\s*Mã văn bản\s*")

LOWER = "a-zàáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ"
UPPER = "A-ZÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴĐ"

# Issuers seen after the kind of act in the numbers of the 353 commune procedures; the longest
# known name wins so "NĐ-CPLUẬT …" (a number glued to a capitalised title) stops after "CP".
_ISSUERS = sorted(
    """CP TTg BCA BTP BTC BHXH UBND HĐND BKHĐT BXD BNNMT BGTVT BLĐTBXH VPCP BYT NHNN BTNMT
    BNNPTNT BCT BQP BNV BVHTTDL BTTTT BGDĐT BKHCN TANDTC VKSNDTC UBTVQH MTTQVN UBTƯMTTQVN
    BNG TLĐ HĐTP BTP BTC TCHQ TCT KBNN BDT UBDT CTN""".split(),
    key=len,
    reverse=True,
)
_ISSUER = "|".join(_ISSUERS)
# <number>[.<sub>][/<year>]/<kind>[-<issuer>]…  e.g. 66.7/2025/NQ-CP, 01/2014/NQLT-CP-UBTƯMTTQVN.
NUMBER = re.compile(
    r"(?:(?<![\d/])(?<!\d\.)|(?<=/\d{4})|(?<= (?:19|20)\d{2})|(?<=QH\d{2}))"
    r"\d{1,5}(?:\.\d{1,3})?(?:/(?:19|20)\d{2})?/"
    r"(?:(?:QH|UBTVQH)\d{2}|L-CTN|[A-ZĐ]{1,5}(?:-(?:(?:UBTVQH|QH)\d{2}|" + _ISSUER + r"|[A-ZĐƯ]"
    r"(?:[A-ZĐƯ](?![" + LOWER + r"]))*))*)"
)
_KIND_PREFIX = re.compile(
    r"(?:(?:Luật|LUẬT|Bộ luật|Nghị định|Nghị quyết|Thông tư(?: liên tịch)?|Quyết định|Pháp lệnh)"
    r"(?:\s+số)?\s*)$"
)
_WHOLE_NUMBER_CELL = re.compile(
    r"^(?:(?:Luật|LUẬT|Bộ luật|Nghị định|Nghị quyết|Thông tư(?: liên tịch)?|Quyết định|Pháp lệnh)"
    r"(?:\s+số)?\s*)?(?P<number>" + NUMBER.pattern + r")\s*[;.,]?$"
)
_DATE = re.compile(
    r"ngày\s+(\d{1,2})\s*(?:/|-|tháng\s+)(\d{1,2})\s*(?:/|-|năm\s+)((?:19|20)\d{2})", re.IGNORECASE
)
_GLUE = re.compile(r"(?<=[" + LOWER + r"\d)])(?=[" + UPPER + r"][" + LOWER + r"])")

_ISSUER_NAMES = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "BCA": "Bộ Công an",
    "BTP": "Bộ Tư pháp",
    "BTC": "Bộ Tài chính",
    "BHXH": "Bảo hiểm xã hội Việt Nam",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BXD": "Bộ Xây dựng",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BGTVT": "Bộ Giao thông vận tải",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "VPCP": "Văn phòng Chính phủ",
    "BYT": "Bộ Y tế",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BCT": "Bộ Công Thương",
    "BQP": "Bộ Quốc phòng",
    "BNV": "Bộ Nội vụ",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BKHCN": "Bộ Khoa học và Công nghệ",
}


@dataclass(frozen=True)
class LegalBasis:
    """One row of the legal-basis table: the act's title, its number, and what its text says."""

    title: str
    number: str
    issued_on: str = ""  # "dd/mm/yyyy" when the title gives the act's own date
    issuer: str = ""  # "Chính phủ", "Quốc hội", … from the number or the title


def issuer_for(number: str) -> str:
    """The issuing body named by a number's suffix: 47/2014/QH13 → Quốc hội, …/NĐ-CP → Chính phủ."""
    tail = number.rsplit("/", 1)[-1]
    if tail.startswith("QH") or "-QH" in tail:
        return "Quốc hội"
    if "UBTVQH" in tail:
        return "Ủy ban Thường vụ Quốc hội"
    parts = tail.split("-")
    if len(parts) == 2:
        return _ISSUER_NAMES.get(parts[1], "")
    return ""


def _issued_on(title: str, number: str) -> str:
    """The act's own date: the first date in the title, unless another act's number comes first."""
    date = _DATE.search(title)
    if date is None:
        return ""
    for other in NUMBER.finditer(title, 0, date.start()):
        if other.group(0) != number:
            return ""
    day, month, year = (int(g) for g in date.groups())
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return ""
    return f"{day:02d}/{month:02d}/{year}"


def _issuer(title: str, number: str) -> str:
    found = issuer_for(number)
    if found:
        return found
    named = re.search(
        r"\bcủa\s+((?:Chính phủ|Quốc hội|Thủ tướng Chính phủ|Bộ [^,.;:()]{2,60}))", title
    )
    if named and (not number or number in title[: named.start()] or number not in title):
        return named.group(1).strip()
    return ""


def _cells(text: str) -> list[str]:
    """Cut the flattened table where a number or a capitalised word is glued to what precedes."""
    cuts = {match.start() for match in _GLUE.finditer(text)}
    for match in NUMBER.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        if start and (before.isalnum() or before in ".;"):
            # "Hộ tịch123/2015/NĐ-CP": the number column starts here (with a glued kind word
            # such as "…trườngNghị định số 131/2025/NĐ-CP" found by the glue rule below).
            prefix = _KIND_PREFIX.search(text, 0, start)
            cuts.add(prefix.start() if prefix and prefix.group(0) else start)
        if end < len(text) and text[end].isalnum():
            cuts.add(end)
        elif end < len(text) and re.match(r"\s+[" + UPPER + r"][" + LOWER + r"]", text[end:]):
            # "Nghị định số 131/2025/NĐ-CP Quy định chi tiết …": a whole-number cell, then a title.
            line_start = max(text.rfind(c, 0, start) for c in "\n") + 1
            head = text[max(line_start, _last_cut(cuts, start)) : end]
            if _WHOLE_NUMBER_CELL.match(head.strip()):
                cuts.add(end)
    cells, last = [], 0
    for cut in sorted(cuts):
        if cut > last:
            cells.append(text[last:cut])
            last = cut
    cells.append(text[last:])
    return [c.strip(" \t\n;,") for c in cells if c.strip(" \t\n;,")]


def _last_cut(cuts: set[int], before: int) -> int:
    return max((c for c in cuts if c <= before), default=0)


def parse_legal_bases(text: str) -> list[LegalBasis] | None:
    """Rows of the legal-basis table, or None when the text is not that table (shown as is)."""
    if not text or not LEGAL_HEADER.match(text):
        return None
    body = LEGAL_HEADER.sub("", text, count=1).strip()
    if not body:
        return None
    rows: list[LegalBasis] = []
    title_parts: list[str] = []
    cells = _cells(body)
    for index, cell in enumerate(cells):
        whole = _WHOLE_NUMBER_CELL.match(cell)
        if whole and (title_parts or index == len(cells) - 1 or _is_number(cells, index + 1)):
            if not title_parts:
                # "106/2024/NĐ-CP106/2024/NĐ-CP": the title is the number itself.
                if index + 1 < len(cells) and _is_number(cells, index + 1):
                    title_parts.append(cell)
                    continue
                title_parts.append(cell)
            rows.append(_row(" ".join(title_parts), whole.group("number")))
            title_parts = []
            continue
        title_parts.append(cell)
    if title_parts:
        title = " ".join(title_parts)
        found = NUMBER.search(title)
        rows.append(_row(title, found.group(0) if found else ""))
    return rows or None


def _is_number(cells: list[str], index: int) -> bool:
    return index < len(cells) and bool(_WHOLE_NUMBER_CELL.match(cells[index]))


def _row(title: str, number: str) -> LegalBasis:
    title = " ".join(title.split()).strip(" ;,")
    # "…của Bộ Tư phápThông tư số 03/2023/TT-BTP": the number column repeated the kind word.
    prefix = _KIND_PREFIX.search(title)
    if prefix and prefix.group(0) and prefix.start() > 0 and number:
        title = title[: prefix.start()].strip(" ;,")
    return LegalBasis(
        title=title or number,
        number=number,
        issued_on=_issued_on(title, number),
        issuer=_issuer(title, number),
    )
