"""Where the writer reads the reviewer's words: a banner on the edit page, a dashboard panel.

Before these, a request for changes showed only behind the page's ⓘ → "Xem chi tiết", under the
writer's own name and the status "Đang chờ duyệt".
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Page

from cchc.portal.review.selectors import can_review, change_request_for, change_requests_for
from cchc.portal.review.states import LABELS, ReviewState, sentence, state_of, when


def review_context(page: Page, user) -> dict[str, Any]:
    """The state of a page as a person reads it: label, sentence, and the request for changes
    or the submission it waits on. Used by the banner and the status side panel."""
    workflow_state = page.current_workflow_state if page.pk else None
    state = state_of(page, workflow_state)
    reviewer = can_review(user, page)
    context: dict[str, Any] = {
        "state": state.value,
        "label": LABELS[state],
        "sentence": sentence(state, reviewer=reviewer, page=page),
        "reviewer": reviewer,
        "change_request": None,
        "submitted": None,
    }
    if state is ReviewState.NEEDS_CHANGES:
        request = change_request_for(page)
        if request is not None:
            context["change_request"] = {
                "reviewer": request.reviewer,
                "when": when(request.requested_at),
                "comment": request.comment,
            }
    elif state is ReviewState.IN_REVIEW and workflow_state is not None:
        requester = workflow_state.requested_by
        context["submitted"] = {
            "by": get_user_display_name(requester) if requester else "",
            "when": when(workflow_state.created_at),
        }
    return context


class ReviewBanner(Component):
    """The edit page's banner: the page's state in one sentence, and a reviewer's request for
    changes with their name, the time and the comment."""

    template_name = "portal/review/banner.html"

    def __init__(self, page: Page, user) -> None:
        self.page = page
        self.user = user

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        return review_context(self.page, self.user)


class NeedsChangesPanel(Component):
    """Dashboard: "Bài cần sửa", the user's pages sent back, with who asked, when and why."""

    name = "cchc_needs_changes"
    template_name = "portal/review/needs_changes_panel.html"
    order = 60  # after the role panel (50), before Wagtail's workflow panels (200+)

    class Media:
        css = {"all": ["portal/review.css"]}

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None) -> dict[str, Any]:
        requests = change_requests_for(self.user)
        return {
            "requests": [
                {
                    "title": request.page.get_admin_display_title(),
                    "page_id": request.page.pk,
                    "reviewer": request.reviewer,
                    "when": when(request.requested_at),
                    "comment": request.comment,
                }
                for request in requests
            ]
        }
