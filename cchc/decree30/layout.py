"""Decree 30/2020/NĐ-CP, Phụ lục I: the values chosen where the decree gives a range.

Everything the renderer measures comes from here, so a change of house style is one edit.
"""

from __future__ import annotations

import datetime
import unicodedata

FONT = "Times New Roman"

# Khổ giấy A4, portrait.
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
# Lề trên/dưới 20-25 mm, lề trái 30-35 mm, lề phải 15-20 mm: the lower bounds, which leave
# the widest text area (16.5 cm) for the statistics tables of reports.
MARGIN_TOP_CM = 2.0
MARGIN_BOTTOM_CM = 2.0
MARGIN_LEFT_CM = 3.0
MARGIN_RIGHT_CM = 1.5
HEADER_DISTANCE_CM = 1.0  # the page number sits inside the 2 cm top margin
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM

# Header table: ô 2 (issuer, number) on the left, ô 1 (national title, place and date) on the
# right. The national title at 13 pt bold is about 9.6 cm wide and must fit on one line.
HEADER_LEFT_CM = 6.0
HEADER_RIGHT_CM = TEXT_WIDTH_CM - HEADER_LEFT_CM
# Footer table: nơi nhận on the left, the signature block on the right.
FOOTER_LEFT_CM = 7.5
FOOTER_RIGHT_CM = TEXT_WIDTH_CM - FOOTER_LEFT_CM
CELL_MARGIN_CM = 0.19  # Word's default left and right cell margin (108 twips)

# Font sizes in points (the decree's range in the comment).
SIZE_ISSUER = 13  # 12-13: cơ quan chủ quản, cơ quan ban hành
SIZE_NATIONAL_TITLE = 13  # 12-13: Quốc hiệu
SIZE_MOTTO = 14  # 13-14: Tiêu ngữ
SIZE_NUMBER = 13  # 13: số, ký hiệu
SIZE_SUMMARY_LETTER = 12  # 12-13: trích yếu "V/v" of a công văn
SIZE_PLACE_DATE = 14  # 13-14: địa danh và thời gian
SIZE_TYPE_TITLE = 14  # 13-14: tên loại, trích yếu
SIZE_BODY = 14  # 13-14: nội dung
SIZE_TABLE = 13  # tables in the body
SIZE_KINH_GUI = 14  # 14: "Kính gửi"
SIZE_RECIPIENTS_LABEL = 12  # 12: "Nơi nhận:"
SIZE_RECIPIENTS = 11  # 11: the recipient lines
SIZE_SIGNER = 14  # 13-14: quyền hạn, chức vụ, họ tên người ký
SIZE_PAGE_NUMBER = 14  # 13-14: số trang

# Body paragraphs: lùi đầu dòng 1-1.27 cm, cách đoạn tối thiểu 6 pt, cách dòng từ dòng đơn
# đến 1,5 dòng.
FIRST_LINE_INDENT_CM = 1.0
PARAGRAPH_SPACING_PT = 6
LINE_SPACING = 1.15
# Room left for the handwritten signature and the seal, above the signer's name.
SIGNATURE_SPACE_PT = 72
# Short lines under the issuer and under the summary: 1/3 to 1/2 of the text line above.
SHORT_RULE_RATIO = 0.4

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT_BLANK = "      "  # left blank in a draft, filled in by hand at signing

# Where an issuer name breaks when it does not fit on one line: before the administrative
# unit, as in "ỦY BAN NHÂN DÂN / XÃ ĐỨC THỌ".
_UNIT_WORDS = (
    "THÀNH PHỐ",
    "THỊ XÃ",
    "THỊ TRẤN",
    "ĐẶC KHU",
    "TỈNH",
    "HUYỆN",
    "QUẬN",
    "PHƯỜNG",
    "XÃ",
)


def format_place_date(
    place: str, date: datetime.date | None, *, today: datetime.date | None = None
) -> str:
    """Place and date line: "Đức Thọ, ngày 05 tháng 02 năm 2026"; blanks for a draft (None).

    Decree 30: a day below 10 and the months 1 and 2 take a leading zero (so "tháng 3", not
    "tháng 03"), which keeps a handwritten digit from being added in front of them.
    """
    if date is None:
        year = (today or _today_in_vietnam()).year
        return f"{place}, ngày{DRAFT_BLANK}tháng{DRAFT_BLANK}năm {year}"
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


def _today_in_vietnam() -> datetime.date:
    # UTC+7 all year (no daylight saving); the server's own zone may be anything.
    vietnam = datetime.timezone(datetime.timedelta(hours=7))
    return datetime.datetime.now(tz=vietnam).date()


# Advance widths of Times New Roman (the Adobe Times metrics it shares), per 1000 em, for the
# base letters; a Vietnamese letter measures as its base letter. Only used to size the short
# lines and to decide where a header line breaks, so a close estimate is enough.
_WIDTHS_REGULAR = dict(
    zip(
        " !,-./:;()0123456789",
        (250, 333, 250, 333, 250, 278, 278, 278, 333, 333, *([500] * 10)),
        strict=True,
    )
)
_WIDTHS_BOLD = {**_WIDTHS_REGULAR, ":": 333, ";": 333}
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_WIDTHS_REGULAR |= dict(
    zip(
        _UPPER + _LOWER,
        (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722,
         667, 556, 611, 722, 722, 944, 722, 722, 611,
         444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500,
         333, 389, 278, 500, 500, 722, 500, 500, 444),
        strict=True,
    )
)  # fmt: skip
_WIDTHS_BOLD |= dict(
    zip(
        _UPPER + _LOWER,
        (722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778,
         722, 556, 667, 722, 722, 1000, 722, 722, 667,
         500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556,
         444, 389, 333, 556, 500, 722, 500, 500, 444),
        strict=True,
    )
)  # fmt: skip
_POINTS_PER_CM = 72 / 2.54


def text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Estimated width of one line of Times New Roman text."""
    widths = _WIDTHS_BOLD if bold else _WIDTHS_REGULAR
    total = 0
    for char in text:
        base = {"Đ": "D", "đ": "d"}.get(char) or unicodedata.normalize("NFD", char)[0]
        total += widths.get(base, 500)
    return total / 1000 * size_pt / _POINTS_PER_CM


def widest_line_cm(text: str, size_pt: float, *, bold: bool, available_cm: float) -> float:
    """Width of the longest line of text once wrapped into available_cm."""
    return max(
        min(text_width_cm(line, size_pt, bold=bold), available_cm) for line in text.split("\n")
    )


def break_issuer_name(name: str, size_pt: float, available_cm: float) -> str:
    """Break an issuer name that would wrap, before its administrative unit.

    "ỦY BAN NHÂN DÂN XÃ ĐỨC THỌ" → "ỦY BAN NHÂN DÂN\\nXÃ ĐỨC THỌ". Names with their own "\\n",
    names that fit, and names with no unit word that gives two fitting lines are kept as given
    (Word then wraps them).
    """
    if "\n" in name or text_width_cm(name, size_pt, bold=True) <= available_cm:
        return name
    words = name.split()
    for index in range(1, len(words)):
        first, second = " ".join(words[:index]), " ".join(words[index:])
        starts_unit = any(second == unit or second.startswith(f"{unit} ") for unit in _UNIT_WORDS)
        fits = all(
            text_width_cm(part, size_pt, bold=True) <= available_cm for part in (first, second)
        )
        if starts_unit and fits:
            return f"{first}\n{second}"
    return name
