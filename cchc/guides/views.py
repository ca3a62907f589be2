"""A staff guide inside the back office's layout (/quan-tri/huong-dan/<slug>/)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cchc.guides.guides import GUIDES, Guide, guide_by_slug, render_guide


class GuideView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "guides/guide.html"
    header_icon = "help"

    def setup(self, request, *args, **kwargs) -> None:
        super().setup(request, *args, **kwargs)
        guide: Guide | None = guide_by_slug(kwargs["slug"])
        if guide is None:
            raise Http404
        self.guide = guide
        self.rendered = render_guide(guide)

    def get_page_title(self) -> str:
        return self.rendered.title or self.guide.label

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.guide.label}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            guide=self.guide, body=self.rendered.body, guides=GUIDES, **kwargs
        )
