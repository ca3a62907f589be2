"""The Vietnamese staff guides (docs/vi/*.md), rendered to HTML for the back office's help menu.

The guides stay Markdown files in the repository, where they are reviewed with the code they
describe; this module reads them, turns them into HTML and points links between them at their
back-office addresses, so that the help menu never sends an officer to Wagtail's English guide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Guide:
    """One guide: its address under /quan-tri/huong-dan/, its file in docs/vi/, its menu label."""

    slug: str
    filename: str
    label: str
    icon: str

    @property
    def path(self) -> Path:
        return guides_dir() / self.filename

    @property
    def url(self) -> str:
        return reverse("guides_guide", args=(self.slug,))


# The help menu's order. The staff guide first: it is the one a new officer needs.
GUIDES: tuple[Guide, ...] = (
    Guide("can-bo", "huong-dan-can-bo.md", "Hướng dẫn cán bộ", "help"),
    Guide("thong-ke-truy-cap", "thong-ke-truy-cap.md", "Hướng dẫn thống kê truy cập", "table"),
    Guide("thuat-ngu", "thuat-ngu-quan-tri.md", "Thuật ngữ trang quản trị", "doc-full"),
)
STAFF_GUIDE = GUIDES[0]


@dataclass(frozen=True)
class RenderedGuide:
    title: str
    body: SafeString


def guides_dir() -> Path:
    return Path(getattr(settings, "CCHC_GUIDES_DIR", settings.BASE_DIR / "docs" / "vi"))


def guide_by_slug(slug: str) -> Guide | None:
    return next((guide for guide in GUIDES if guide.slug == slug), None)


def render_guide(guide: Guide) -> RenderedGuide:
    """The first-level heading as title, the rest as HTML (read again when the file changes)."""
    path = guide.path
    return _render(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _render(path: str, _mtime_ns: int) -> RenderedGuide:
    text = Path(path).read_text(encoding="utf-8")
    title, body = _split_title(text)
    # No raw HTML from the files (the renderer escapes it): guides are text, tables and links.
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    markdown.core.ruler.push("guide_links", _link_guides)
    return RenderedGuide(title=title, body=mark_safe(markdown.render(body)))  # noqa: S308


def _split_title(text: str) -> tuple[str, str]:
    first, _, rest = text.lstrip().partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest
    return "", text


GUIDE_LINK = re.compile(r"^(?:\./)?(?P<file>[\w.-]+\.md)(?P<anchor>#[\w-]*)?$")


def _link_guides(state) -> None:
    """`[…](thong-ke-truy-cap.md#muc)` between guides → the other guide's back-office address."""
    by_file = {guide.filename: guide for guide in GUIDES}
    for token in state.tokens:
        for child in token.children or ():
            if child.type != "link_open":
                continue
            match = GUIDE_LINK.match(child.attrGet("href") or "")
            if match and match["file"] in by_file:
                child.attrSet("href", by_file[match["file"]].url + (match["anchor"] or ""))
