"""Forms and channels of communication (hình thức tuyên truyền), read from the annex's words."""

from __future__ import annotations

import re

from django.db import models

from cchc.vietnamese import fold


class Channel(models.TextChoices):
    """The forms the seed plans name; PAR scoring counts online and traditional ones apart."""

    PORTAL_ARTICLE = "portal", "Tin, bài trên Cổng thông tin điện tử"
    RADIO = "radio", "Tin, bài phát thanh (loa truyền thanh)"
    SOCIAL = "social", "Bài đăng mạng xã hội (Zalo, Facebook…)"
    CONFERENCE = "conference", "Hội nghị, hội thảo, tập huấn"
    VISUAL = "visual", "Tuyên truyền trực quan (pano, áp phích, băng rôn, khẩu hiệu)"
    CONTEST = "contest", "Hội thi, cuộc thi"
    DIALOGUE = "dialogue", "Đối thoại"
    LEAFLET = "leaflet", "Tờ rơi, tài liệu, sổ tay"
    SCREEN = "screen", "Màn hình, bảng điện tử"
    OTHER = "other", "Hình thức khác"


# What a target counts in when the annex does not say (the officer may change it).
DEFAULT_TARGET_UNIT = {
    Channel.PORTAL_ARTICLE: "tin, bài",
    Channel.RADIO: "tin, bài",
    Channel.SOCIAL: "bài đăng",
    Channel.CONFERENCE: "hội nghị",
    Channel.VISUAL: "sản phẩm",
    Channel.CONTEST: "cuộc thi",
    Channel.DIALOGUE: "buổi",
    Channel.LEAFLET: "ấn phẩm",
    Channel.SCREEN: "màn hình",
    Channel.OTHER: "sản phẩm",
}

# Folded keywords, in the order they are tried; the first one found earliest in the text wins.
_KEYWORDS: list[tuple[str, Channel]] = [
    (r"cong thong tin|trang thong tin|website|chuyen muc|chuyen trang", Channel.PORTAL_ARTICLE),
    (r"phat thanh|truyen thanh|loa", Channel.RADIO),
    (r"mang xa hoi|zalo|facebook|fanpage|tiktok|youtube", Channel.SOCIAL),
    (r"hoi nghi|hoi thao|tap huan|boi duong", Channel.CONFERENCE),
    (r"pano|pa no|ap phich|bang ron|khau hieu|truc quan|bang zon", Channel.VISUAL),
    (r"hoi thi|cuoc thi", Channel.CONTEST),
    (r"doi thoai|tiep xuc", Channel.DIALOGUE),
    (r"to roi|to gap|tai lieu|so tay|an pham", Channel.LEAFLET),
    (r"man hinh|bang dien tu|led", Channel.SCREEN),
]


def channel_from_text(text: str) -> Channel:
    """The form an annex cell names first («Pano, áp phích… trên mạng xã hội» → visual)."""
    folded = fold(text or "")
    best: tuple[int, Channel] | None = None
    for pattern, channel in _KEYWORDS:
        match = re.search(rf"\b(?:{pattern})\b", folded)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), channel)
    return best[1] if best else Channel.OTHER


_TARGET = re.compile(r"^\s*(\d{1,5})\s*(.*)$")


def parse_target(text: str) -> tuple[int, str] | None:
    """«12 bài» → (12, "bài"); None when the text starts with no number."""
    match = _TARGET.match(" ".join((text or "").split()))
    if not match:
        return None
    return int(match.group(1)), match.group(2).strip(" .;,")
