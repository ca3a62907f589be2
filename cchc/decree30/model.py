"""What an official document says, independent of how it is laid out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class Signer:
    """The signature block: authority ("TM. ỦY BAN NHÂN DÂN"), position, full name."""

    authority: str
    position: str
    name: str


@dataclass
class Heading:
    """A section heading: level 1 and 2 bold, level 3 bold italic."""

    text: str
    level: int = 1


@dataclass
class Paragraph:
    """A body paragraph; "\\n" inside the text is a line break within the paragraph."""

    text: str
    italic: bool = False
    bold: bool = False


@dataclass
class Table:
    """A bordered table in the body; the header row repeats on every page."""

    header: list[str]
    rows: list[list[str]]
    widths_cm: list[float] | None = None
    caption: str = ""


Block = Paragraph | Heading | Table


@dataclass
class Annex:
    """A phụ lục after the signature, on pages of its own; landscape for wide task tables.

    Printed as the title («NHIỆM VỤ TUYÊN TRUYỀN … NĂM 2026», bold, centred), the italic line
    saying what it goes with («(Kèm theo Kế hoạch số …)»), then its blocks."""

    title: str
    subtitle: str = ""
    body: list[Block] = field(default_factory=list)
    landscape: bool = True
    label: str = ""  # «Phụ lục I» above the title, when a document has several


@dataclass
class OfficialDocument:
    """An administrative document (report, plan, letter, …) as Decree 30/2020 names its parts."""

    issuer_parent: str
    issuer: str
    number_symbol: str
    place: str
    date: datetime.date | None
    doc_type: str
    title: str
    body: list[Block]
    signer: Signer
    recipients: list[str]
    kinh_gui: list[str] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)

    @property
    def is_letter(self) -> bool:
        """A công văn has no type line; its summary is printed "V/v …" under the number."""
        return not self.doc_type.strip()


def validate(doc: OfficialDocument) -> None:
    """Raise ValueError, in Vietnamese, for a document that cannot be laid out correctly.

    The messages reach commune staff through the callers, hence the language.
    """
    if not doc.issuer.strip():
        raise ValueError("Thiếu tên cơ quan, tổ chức ban hành văn bản (issuer).")
    if not doc.place.strip():
        raise ValueError("Thiếu địa danh nơi ban hành văn bản (place).")
    if not doc.signer.position.strip():
        raise ValueError("Thiếu chức vụ của người ký (signer.position).")
    if doc.is_letter and not doc.title.strip():
        raise ValueError("Công văn phải có trích yếu nội dung (title) để in dòng “V/v”.")
    for index, block in enumerate(doc.body, start=1):
        _validate_block(index, block)
    for annex in doc.annexes:
        if not annex.title.strip():
            raise ValueError("Phụ lục phải có tiêu đề.")
        for index, block in enumerate(annex.body, start=1):
            _validate_block(index, block)


def _validate_block(index: int, block: object) -> None:
    if isinstance(block, Heading):
        if block.level not in (1, 2, 3):
            raise ValueError(f"Đề mục thứ {index} có cấp {block.level}; chỉ dùng cấp 1, 2 hoặc 3.")
    elif isinstance(block, Table):
        columns = len(block.header)
        if columns == 0:
            raise ValueError(f"Bảng ở khối thứ {index} không có dòng tiêu đề cột.")
        for row_number, row in enumerate(block.rows, start=1):
            if len(row) != columns:
                raise ValueError(
                    f"Bảng ở khối thứ {index}: dòng {row_number} có {len(row)} ô, "
                    f"tiêu đề có {columns} cột."
                )
        if block.widths_cm is not None and len(block.widths_cm) != columns:
            raise ValueError(
                f"Bảng ở khối thứ {index}: {len(block.widths_cm)} độ rộng cột cho {columns} cột."
            )
        if block.widths_cm is not None and any(width <= 0 for width in block.widths_cm):
            raise ValueError(f"Bảng ở khối thứ {index}: độ rộng cột phải lớn hơn 0.")
    elif not isinstance(block, Paragraph):
        raise ValueError(
            f"Khối thứ {index} của nội dung không phải Paragraph, Heading hay Table: "
            f"{type(block).__name__}."
        )
