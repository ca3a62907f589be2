"""{% review_status page as review %}: the page's review state for the person viewing it
(label, one sentence, the request for changes), for Wagtail's status side panel."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from cchc.portal.review.panels import review_context

register = template.Library()


@register.simple_tag(takes_context=True)
def review_status(context, page) -> dict[str, Any] | None:
    request = context.get("request")
    # Pages only: a snippet's status panel keeps Wagtail's words.
    if request is None or not isinstance(page, Page) or not page.pk:
        return None
    return review_context(page, request.user)
