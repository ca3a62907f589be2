"""Which page a response shows, written on the response itself so the page cache keeps it.

The counting middleware sits outside the page cache: on a cache hit no view runs, so the
only thing it knows about the page is what the stored response carries. Page models tag
their response with `X-Cchc-View` (see PublicPageMixin.serve); the middleware reads the tag,
counts, and removes the header before the response leaves the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

from cchc.inputs import whole_number

HEADER = "X-Cchc-View"
SECTION_SEGMENT = "/cai-cach-hanh-chinh/"

# What a page type counts as in the statistics is declared by the page model itself, in its
# `statistics_kind` attribute (see cchc.pages.public.PublicPageMixin): a page type that forgets
# it is caught by cchc/tests/test_layers.py instead of silently counting as "other".
OTHER = "other"


def kind_of(app_label: str, model_name: str) -> str:
    """The kind a page type counts as, from its content type's app label and model name.

    For the statistics, which meet page ids and content types rather than page objects.
    """
    from django.apps import apps

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:  # a page type since removed
        return OTHER
    return getattr(model, "statistics_kind", "") or OTHER


@dataclass(frozen=True)
class ViewTag:
    kind: str
    page_id: int | None
    object_key: str = ""
    topics: str = ""  # topic ids, comma-separated
    in_section: bool = False

    def encode(self) -> str:
        # "|" cannot occur in any field: kinds are fixed words, keys are codes/slugs.
        return "|".join(
            [
                self.kind,
                str(self.page_id or ""),
                self.object_key,
                self.topics,
                "1" if self.in_section else "0",
            ]
        )

    @classmethod
    def decode(cls, value: str) -> ViewTag | None:
        parts = value.split("|")
        if len(parts) != 5:
            return None
        kind, page_id, object_key, topics, in_section = parts
        return cls(
            kind=kind,
            page_id=whole_number(page_id),
            object_key=object_key[:64],
            topics=topics[:64],
            in_section=in_section == "1",
        )


def note_route(request: HttpRequest, kind: str, object_key: str = "", topics: str = "") -> None:
    """Called by routable sub-views (a procedure, a topic listing) to name what they show."""
    request._cchc_view = (kind, object_key, topics)  # type: ignore[attr-defined]


def tag_for(page: Any, request: HttpRequest) -> ViewTag:
    kind = getattr(page, "statistics_kind", "") or OTHER
    object_key, topics = "", ""
    routed = getattr(request, "_cchc_view", None)
    if routed is not None:
        kind, object_key, topics = routed
    elif kind == "article":
        topics = ",".join(str(t.pk) for t in page.topics.all())
    return ViewTag(
        kind=kind,
        page_id=page.pk,
        object_key=object_key,
        topics=topics,
        in_section=SECTION_SEGMENT in (page.url_path or "") or kind == "section",
    )


def tag_response(response: HttpResponse, request: HttpRequest, page: Any) -> HttpResponse:
    if response.status_code == 200 and not getattr(request, "is_preview", False):
        response[HEADER] = tag_for(page, request).encode()
    return response
