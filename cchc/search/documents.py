"""What the search index is built from: one Document per searchable page or procedure.

Page types declare themselves searchable (the contract of decision 0015; nothing here lists
them by hand): a Wagtail page model with a `search_kind` (a SearchEntry.Kind value) is indexed,
from its title, `summary` and search description, plus

- `search_body_field`: its body, a StreamField (headings, paragraphs, quotes) or plain text
  (default "body");
- `search_title_fields`: further fields weighted as the title (a directive's number);
- `search_short_fields`: further fields weighted as short text (a directive's issuer).

Procedures are not pages: their document is built from the catalogue's fields below, their URL
from the commune's catalogue page (cchc.procedures.selectors.catalogue_paths).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from wagtail.models import Page, get_page_models

from cchc.search.models import TERM_MAX_LENGTH, SearchEntry
from cchc.vietnamese import fold, tokenize

# Text beyond this is neither indexed nor stored: the first pages of a long document say what
# it is about, and the index of a commune stays a size SQLite handles easily.
MAX_BODY_CHARS = 20_000
WEIGHT_TITLE, WEIGHT_SHORT, WEIGHT_BODY = 4, 2, 1

Kind = SearchEntry.Kind


@dataclass
class Document:
    """What one SearchEntry is built from. `fields`: (text, weight) pairs to index."""

    commune_id: int
    kind: str
    title: str
    head: str
    body: str
    fields: list[tuple[str, int]]
    page_id: int | None = None
    procedure_id: int | None = None
    code: str = ""
    url: str = ""


def searchable_page_models() -> dict[type[Page], str]:
    """Page model → SearchEntry kind, for every installed page type that declares one."""
    return {
        model: model.search_kind for model in get_page_models() if getattr(model, "search_kind", "")
    }


_TAG_RE = re.compile(r"<[^>]*>")


def html_to_text(value: str) -> str:
    # Tags become spaces, not nothing: "<p>a</p><p>b</p>" is two words, not "ab".
    return " ".join(html.unescape(_TAG_RE.sub(" ", value or "")).split())


def stream_text(stream) -> str:
    """Plain text of a body StreamField: headings, paragraphs, quotes (raw data, so no image or
    document is loaded from the database)."""
    parts: list[str] = []
    for block in getattr(stream, "raw_data", None) or []:
        value = block.get("value")
        if isinstance(value, str) and block.get("type") in {"heading", "paragraph", "quote"}:
            parts.append(html_to_text(value))
    return "\n".join(p for p in parts if p)


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def page_document(page: Page, commune_id: int) -> Document | None:
    """The document of a specific page of a searchable type, or None for other pages."""
    kind = searchable_page_models().get(type(page))
    if kind is None:
        return None
    summary = getattr(page, "summary", "") or ""
    value = getattr(page, getattr(page, "search_body_field", "body"), "")
    text = stream_text(value) if hasattr(value, "raw_data") else (value or "")
    titled = [getattr(page, name, "") or "" for name in getattr(page, "search_title_fields", ())]
    short = [getattr(page, name, "") or "" for name in getattr(page, "search_short_fields", ())]
    body = _join(summary, text)[:MAX_BODY_CHARS]
    fields = [(page.title, WEIGHT_TITLE)]
    fields += [(value, WEIGHT_TITLE) for value in titled]
    fields += [(value, WEIGHT_SHORT) for value in short]
    fields += [(summary, WEIGHT_SHORT), (page.search_description, WEIGHT_SHORT), (body, 1)]
    return Document(
        commune_id=commune_id,
        kind=kind,
        title=page.title,
        head=_join(page.title, *titled, summary[:500]),
        body=body,
        fields=fields,
        page_id=page.id,
    )


def procedure_document(procedure, catalogue_path: str) -> Document:
    """The document of a procedure; `catalogue_path`: its commune's catalogue page from the
    site root ("/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/"), "" when the commune has none."""
    labelled = [
        ("Lĩnh vực", procedure.field),
        ("Cơ quan thực hiện", procedure.implementing_agency),
        ("Đối tượng thực hiện", procedure.applicants),
        ("Thành phần hồ sơ", procedure.papers),
        ("Trình tự thực hiện", procedure.steps),
        ("Thời hạn giải quyết", procedure.time_limit),
        ("Phí, lệ phí", procedure.fee),
        ("Kết quả", procedure.result),
    ]
    body = _join(*(f"{label}: {value}" for label, value in labelled if value))[:MAX_BODY_CHARS]
    return Document(
        commune_id=procedure.commune_id,
        kind=Kind.PROCEDURE,
        title=procedure.name,
        head=_join(procedure.name, procedure.field, procedure.code),
        body=body,
        fields=[
            (procedure.name, WEIGHT_TITLE),
            (procedure.code, WEIGHT_TITLE),
            (procedure.field, WEIGHT_SHORT),
            (procedure.kind, WEIGHT_SHORT),
            (body, WEIGHT_BODY),
        ],
        procedure_id=procedure.id,
        code=procedure.code,
        url=f"{catalogue_path}{quote(procedure.code)}/" if catalogue_path else "",
    )


def document_terms(fields: Iterable[tuple[str, int]]) -> dict[str, int]:
    """term → best weight. Each word gives its folded form, and its exact form when that
    differs (has diacritics), so "đăng" is found by "dang" and by "đăng", the latter first."""
    terms: dict[str, int] = {}
    for text, weight in fields:
        for token in tokenize(text or ""):
            if len(token) > TERM_MAX_LENGTH:
                continue
            for term in {token, fold(token)}:
                if terms.get(term, 0) < weight:
                    terms[term] = weight
    return terms
