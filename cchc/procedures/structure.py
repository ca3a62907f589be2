"""The national portal's flattened tables back into structure: papers, submission, steps, result.

dichvucong.gov.vn shows a procedure's papers, submission methods and legal bases as HTML tables;
the crawled text has the cells glued together ("Tên giấy tờMẫu đơn, tờ khaiSố lượngPhiếu khai báo
… (mẫu NA17)101-Mau A17 … .doc1 bản chính", "Trực tiếp5 Ngày làm việcMiễn phí"). Each parser
here reads one section by the shapes the portal always produces (a quantity closes a paper's row,
a method name followed by a time limit and a fee opens a submission row, "Mã: KQ.…" closes a
result) and returns None when the text does not have that shape: the page then shows the raw
text, never an empty section. Nothing here raises on any input (tested with generated text).

Pure functions and dataclasses, no Django: `parse_procedure` is called by the import service and
the re-parse command, and its JSON is stored next to the raw text (decision 0016).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from cchc.procedures.structure_legal import LOWER, UPPER, LegalBasis, parse_legal_bases

STRUCTURE_VERSION = 1
NO_INFORMATION = "Không có thông tin"

# Raw text fields of a Procedure → section of the structure parsed from it.
SECTIONS: dict[str, str] = {
    "papers": "documents",
    "submission_details": "methods",
    "legal_basis": "legal_bases",
    "steps": "steps",
    "result": "results",
}

# ---------------------------------------------------------------------------------------------
# Papers (thành phần hồ sơ)
# ---------------------------------------------------------------------------------------------

PAPERS_HEADER = re.compile(r"Tên giấy tờ\s*Mẫu đơn, tờ khai\s*Số lượng")
# The quantity column: one digit (the portal's counts are 0–3; a longer run is the name's own
# number glued on, as in "…Mẫu số 181 bản chính"), glued to the start of the next row (inside a
# name the words go on after a space: "(01 bản chính hoặc 01 bản sao …)").
_QUANTITY = re.compile(r"(\d)\s?bản chính(?:\s?,\s?(\d)\s?bản sao)?(?=$|\n|[^\s)\],.;:/])")
_TEMPLATE_EXT = re.compile(r"\.(?:docx?|pdf|xlsx?|odt|rar|zip)$", re.IGNORECASE)
_BULLET = re.compile(r"^[\s\-+*•–]+")


@dataclass(frozen=True)
class Document:
    """One paper to hand in: its name, the form templates to download, how many copies."""

    name: str
    templates: list[str] = field(default_factory=list)
    originals: int | None = None
    copies: int | None = None

    @property
    def quantity(self) -> str:
        parts = []
        if self.originals:
            parts.append(f"{self.originals} bản chính")
        if self.copies:
            parts.append(f"{self.copies} bản sao")
        return ", ".join(parts)


@dataclass(frozen=True)
class DocumentGroup:
    """One table of papers, with the line that introduces it ("Giấy tờ phải xuất trình:")."""

    heading: str
    documents: list[Document]


def _is_ascii_run(text: str) -> bool:
    return all(ord(ch) < 128 for ch in text)


def _run_left(text: str, end: int, extra: str = "") -> str:
    """The word ending at `end`, back to a space or to where a camel-case word starts."""
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in extra):
        start -= 1
        if text[start].isupper() and start > 0 and text[start - 1].islower():
            break
    return text[start:end]


def _run_right(text: str, start: int, extra: str = "") -> str:
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in extra):
        end += 1
    return text[start:end]


def _template_start(text: str, ext_at: int) -> int:
    """Where a glued template file name starts, looking left from its extension.

    The name column runs into the file name without a space: "…ký tên.M01b.pdf",
    "…(mẫu NA17)101-Mau A17 ….doc", "…/TT-BXDMẫu số 02.docx", "…quy địnhMauon (2).docx". The
    rightmost glue point counts, except inside the crushed ASCII file names themselves
    ("MuCT01banhnhkmtheoThngts53.doc", "N40.2024"), where both sides are plain ASCII.
    """
    lowest = max(0, ext_at - 120)
    for j in range(ext_at - 1, lowest, -1):
        left, right = text[j - 1], text[j]
        if right.isspace() or left.isspace():
            continue
        if left in ';:)”"':
            if not (right.isalnum() or right in "(“"):
                continue
            return j
        if left == ".":
            # "ký tên.M01b.pdf", "NĐ-CP.250605_….docx"; not "N40.2024…" nor "1.MuCT01….doc".
            if right.isalnum() and not text[j - 2 : j - 1].isdigit():
                return j
            continue
        if right.isupper() and (left.isdigit() or left.islower()):
            if left.isdigit():
                return j
            sides = _run_left(text, j, "-/_") + _run_right(text, j, "-/_")
            if not _is_ascii_run(sides):
                return j
            continue
        if right.isupper() and left.isupper() and j + 1 < ext_at and text[j + 1].islower():
            sides = _run_left(text, j, "-/_") + _run_right(text, j, "-/_")
            if not _is_ascii_run(sides):
                return j
    return -1


def _split_templates(text: str) -> tuple[str, list[str]]:
    templates: list[str] = []
    text = text.rstrip()
    while True:
        match = _TEMPLATE_EXT.search(text)
        if match is None:
            break
        start = _template_start(text, match.start())
        if start <= 0:
            break
        templates.insert(0, text[start:].strip())
        text = text[:start].rstrip()
    return text, templates


def _clean(text: str) -> str:
    return " ".join(text.split())


def _document(text: str, originals: int | None, copies: int | None) -> Document | None:
    name, templates = _split_templates(text)
    name = _clean(_BULLET.sub("", name))
    if not name:
        return None
    return Document(name=name, templates=templates, originals=originals, copies=copies)


def _heading(text: str) -> str:
    return _clean(_BULLET.sub("", text)).strip()


def parse_documents(text: str) -> list[DocumentGroup] | None:
    """The tables of papers, or None when the text has none (shown as is)."""
    parts = PAPERS_HEADER.split(text or "")
    if len(parts) < 2:
        return None
    groups: list[DocumentGroup] = []
    heading = _heading(parts[0])
    for index, part in enumerate(parts[1:], start=1):
        documents: list[Document] = []
        last = 0
        for match in _QUANTITY.finditer(part):
            copies = int(match.group(2)) if match.group(2) else 0
            document = _document(part[last : match.start()], int(match.group(1)), copies)
            if document is not None:
                documents.append(document)
            last = match.end()
        rest = part[last:]
        if index < len(parts) - 1:
            next_heading = _heading(rest)
        else:
            # The last table's text after its last quantity: a row the portal gave no count.
            document = _document(rest, None, None)
            if document is not None:
                documents.append(document)
            next_heading = ""
        if documents:
            groups.append(DocumentGroup(heading=heading, documents=documents))
        elif heading or rest.strip():
            # A header with no row under it: keep its text as the next table's heading.
            next_heading = _clean(f"{heading} {next_heading}")
        heading = next_heading
    return groups or None


# ---------------------------------------------------------------------------------------------
# Ways to submit (cách thức thực hiện)
# ---------------------------------------------------------------------------------------------

METHODS_HEADER = re.compile(r"^\s*Hình thức nộp\s*Thời gian\s*Phí, lệ phí\s*Mô tả")
METHOD_NAMES = ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính")
_UNITS = "Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng|Năm|Tuần|Phút"
_METHOD_ROW = re.compile(
    r"(?P<method>" + "|".join(METHOD_NAMES) + r")"
    r"(?P<time>" + NO_INFORMATION + r"|\d+(?:[.,]\d+)?(?:\s*(?:" + _UNITS + r"))?)"
    r"(?P<fee>Miễn phí|" + NO_INFORMATION + r"|\d[\d.,]*\s*(?:Việt Nam Đồng|VNĐ|Đồng|đồng|USD))"
)


@dataclass(frozen=True)
class Method:
    """One way to submit: in person, online or by post, with its time limit, fee and notes."""

    method: str
    time_limit: str
    fee: str
    fee_note: str = ""
    description: str = ""


def _balanced(text: str, start: int) -> int:
    """End index of the parenthesised note opening at `start` (or `start` if there is none)."""
    if start >= len(text) or text[start] != "(":
        return start
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return start


def _time_limit(raw: str) -> str:
    if raw == NO_INFORMATION:
        return ""
    number = re.match(r"[\d.,]+", raw)
    unit = raw[number.end() :].strip().lower() if number else ""
    return f"{number.group(0)} {unit}".strip() if number else raw


def _fee(raw: str) -> str:
    if raw == NO_INFORMATION:
        return ""
    amount = re.match(r"(\d[\d.,]*)\s*(.*)", raw)
    if amount is None:
        return raw
    # The portal writes thousands with commas (5,000 Việt Nam Đồng): Vietnamese uses dots.
    currency = "USD" if amount.group(2) == "USD" else "đồng"
    return f"{amount.group(1).replace(',', '.')} {currency}"


def parse_methods(text: str) -> list[Method] | None:
    """Rows of the submission table, or None when the text is not that table (shown as is)."""
    body = METHODS_HEADER.sub("", text or "", count=1).strip()
    if not body:
        return None
    heads: list[re.Match[str]] = []
    for match in _METHOD_ROW.finditer(body):
        # A row's parenthesised fee note may itself name a method; skip heads inside it.
        if heads and match.start() < _balanced(body, heads[-1].end()):
            continue
        heads.append(match)
    if not heads or heads[0].start() != 0:
        return None
    methods: list[Method] = []
    for index, head in enumerate(heads):
        note_end = _balanced(body, head.end())
        stop = heads[index + 1].start() if index + 1 < len(heads) else len(body)
        note = body[head.end() + 1 : note_end - 1] if note_end > head.end() else ""
        methods.append(
            Method(
                method=head.group("method"),
                time_limit=_time_limit(head.group("time")),
                fee=_fee(head.group("fee")),
                fee_note=_clean(note),
                description=body[note_end:stop].strip(),
            )
        )
    return methods


# ---------------------------------------------------------------------------------------------
# Steps (trình tự thực hiện) and result (kết quả)
# ---------------------------------------------------------------------------------------------

# "Bước 2: …" at a line start, after a bullet or a letter ("- Bước 2", "b) Bước 2") or a sentence.
_STEP = re.compile(
    r"(?:^|\n|(?<=[.;:]) )[ \t]*(?:[-+*•–][ \t]*|[a-zđ]\)[ \t]*)?"
    r"Bước[ \t]*(\d{1,2})[ \t]*[.:\-–)]?[ \t]*"
)
_NUMBERED = re.compile(r"(?:^|\n)[ \t]*(\d{1,2})[.)][ \t]+(?=\S)")


@dataclass(frozen=True)
class Step:
    number: int
    text: str


@dataclass(frozen=True)
class Steps:
    """The numbered steps ("Bước 1: …"), with any text before the first one."""

    intro: str
    steps: list[Step]


def _sequential(matches: list[re.Match[str]]) -> bool:
    """At least two markers from 1 up, never going back (the portal repeats or skips some)."""
    numbers = [int(m.group(1)) for m in matches]
    return len(numbers) >= 2 and numbers[0] == 1 and numbers == sorted(numbers)


def parse_steps(text: str) -> Steps | None:
    """ "Bước 1: …" (or "1. …" lines) as numbered steps; None for free text (shown as is)."""
    text = text or ""
    matches = list(_STEP.finditer(text))
    if not _sequential(matches):
        matches = list(_NUMBERED.finditer(text))
        if not _sequential(matches):
            return None
    steps: list[Step] = []
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        steps.append(Step(number=int(match.group(1)), text=text[match.end() : stop].strip()))
    return Steps(intro=text[: matches[0].start()].strip(), steps=steps)


# Codes are mostly KQ.G15.000031, but also 000.00.00.G11-KQ3554, KQ-G17.000005 or VBTT; the
# next result's name is glued on ("KQ.G01.000064Thông báo …").
_RESULT_CODE = re.compile(r"Mã:\s*([A-Za-z0-9.\-]*?)(?=[" + UPPER + r"][" + LOWER + r"]|-\s|\s|$)")
# The portal's "choose an agency" form follows the result block; it is page furniture.
_RESULT_FURNITURE = re.compile(r"Chọn cơ quan thực hiện.*$", re.DOTALL)
_RESULT_TAIL = re.compile(r"Từ khóa(?P<keywords>.*?)Mô tả(?P<description>.*)$", re.DOTALL)


@dataclass(frozen=True)
class Result:
    name: str
    code: str = ""


@dataclass(frozen=True)
class Results:
    """What the applicant receives, each with its national result code (KQ.G15.000031)."""

    items: list[Result]
    description: str = ""


def parse_results(text: str) -> Results | None:
    text = _RESULT_FURNITURE.sub("", text or "")
    description = ""
    tail = _RESULT_TAIL.search(text)
    if tail:
        description = tail.group("description").strip()
        description = "" if description == NO_INFORMATION else description
        text = text[: tail.start()]
    codes = list(_RESULT_CODE.finditer(text))
    if not codes:
        return None
    items: list[Result] = []
    last = 0
    for match in codes:
        name = _clean(_BULLET.sub("", text[last : match.start()]))
        items.append(Result(name=name or match.group(1), code=match.group(1)))
        last = match.end()
    rest = _clean(text[last:])
    if rest:
        items.append(Result(name=rest))
    return Results(items=items, description=description)


# ---------------------------------------------------------------------------------------------
# A whole procedure
# ---------------------------------------------------------------------------------------------

_PARSERS = {
    "documents": parse_documents,
    "methods": parse_methods,
    "legal_bases": parse_legal_bases,
    "steps": parse_steps,
    "results": parse_results,
}


def _safe(section: str, text: str):
    # Defence in depth: the parsers are tested never to raise, but an import must not fail
    # because one text has a shape nobody has seen; that section then shows the raw text.
    try:
        return _PARSERS[section](text)
    except Exception:
        return None


def parse_procedure(texts: Mapping[str, str]) -> dict:
    """The JSON stored on a Procedure: each section's rows, or null to show the raw text.

    `texts` maps the raw field names (papers, submission_details, legal_basis, steps, result)
    to their text. `fallback` lists the sections whose text is there but has no known shape.
    """
    structure: dict = {"version": STRUCTURE_VERSION, "fallback": []}
    for source, section in SECTIONS.items():
        text = texts.get(source) or ""
        parsed = _safe(section, text) if text.strip() else None
        if parsed is not None and not isinstance(parsed, list):
            parsed = asdict(parsed)
        elif parsed is not None:
            parsed = [asdict(item) for item in parsed]
        if section == "documents" and parsed is not None:
            for group in parsed:
                for document in group["documents"]:
                    document["quantity"] = Document(**document).quantity
        structure[section] = parsed
        if parsed is None and text.strip():
            structure["fallback"].append(section)
    return structure


__all__ = [
    "Document",
    "DocumentGroup",
    "LegalBasis",
    "Method",
    "Result",
    "Results",
    "Step",
    "Steps",
    "parse_documents",
    "parse_legal_bases",
    "parse_methods",
    "parse_procedure",
    "parse_results",
    "parse_steps",
]
