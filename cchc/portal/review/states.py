"""Where a page stands in the review loop, in one label and one Vietnamese sentence.

Wagtail keeps the facts (live, unpublished changes, a workflow state in progress or needing
changes, a scheduled revision); its side panel says "Đang chờ duyệt" for both a page waiting for
its reviewer and one sent back to its writer. Here each fact becomes one of six states, each
explained to the person reading it: the writer (who submits) or a reviewer (who may publish).
"""

from __future__ import annotations

import enum
from datetime import datetime

from django.utils import timezone
from wagtail.models import Page, WorkflowState

from cchc.vietnamese.dates import time_date_text


class ReviewState(enum.StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    NEEDS_CHANGES = "needs_changes"
    SCHEDULED = "scheduled"
    LIVE = "live"
    LIVE_WITH_CHANGES = "live_with_changes"


LABELS: dict[ReviewState, str] = {
    ReviewState.DRAFT: "Bản nháp",
    ReviewState.IN_REVIEW: "Đang chờ duyệt",
    ReviewState.NEEDS_CHANGES: "Cần sửa",
    ReviewState.SCHEDULED: "Đã hẹn giờ",
    ReviewState.LIVE: "Đã xuất bản",
    ReviewState.LIVE_WITH_CHANGES: "Đã xuất bản, có thay đổi chưa duyệt",
}

# The writer's sentence; a reviewer (who may publish) reads REVIEWER_SENTENCES where it differs.
WRITER_SENTENCES: dict[ReviewState, str] = {
    ReviewState.DRAFT: (
        "Bài chưa hiện ra ngoài; viết xong, hãy bấm «Gửi duyệt» để điều phối viên hoặc lãnh đạo "
        "xem và duyệt."
    ),
    ReviewState.IN_REVIEW: (
        "Điều phối viên hoặc lãnh đạo sẽ xem rồi duyệt hoặc yêu cầu sửa; trong lúc chờ, bài tạm "
        "khóa, bạn chưa sửa được."
    ),
    ReviewState.NEEDS_CHANGES: (
        "Người duyệt đã trả lại bài kèm góp ý; hãy sửa theo góp ý rồi bấm «Gửi duyệt lại»."
    ),
    ReviewState.SCHEDULED: "Bài đã được duyệt và sẽ tự xuất bản lúc {go_live}.",
    ReviewState.LIVE: (
        "Người dân đang xem được bài; nếu sửa, hãy gửi duyệt lại để thay đổi được hiện ra ngoài."
    ),
    ReviewState.LIVE_WITH_CHANGES: (
        "Người dân vẫn xem bản đã xuất bản; thay đổi mới chỉ hiện ra ngoài sau khi bạn gửi duyệt "
        "và được duyệt."
    ),
}
REVIEWER_SENTENCES: dict[ReviewState, str] = {
    ReviewState.DRAFT: "Bài chưa hiện ra ngoài cho đến khi được duyệt và xuất bản.",
    ReviewState.IN_REVIEW: (
        "Bài đang chờ bạn: hãy xem rồi bấm «Duyệt và xuất bản», hoặc «Yêu cầu sửa» kèm góp ý cho "
        "người viết."
    ),
    ReviewState.NEEDS_CHANGES: (
        "Bài đã được trả lại cho người viết kèm góp ý; họ sẽ sửa rồi gửi duyệt lại."
    ),
    ReviewState.LIVE: "Người dân đang xem được bài; thay đổi chỉ hiện ra ngoài khi được xuất bản.",
    ReviewState.LIVE_WITH_CHANGES: (
        "Người dân vẫn xem bản đã xuất bản; thay đổi mới chưa hiện ra ngoài cho đến khi được "
        "xuất bản."
    ),
}


def when(moment: datetime) -> str:
    """ "14:05 ngày 02/12/2026", in the installation's time zone."""
    local = timezone.localtime(moment)
    return time_date_text(local, " ngày ")


def state_of(page: Page, workflow_state: WorkflowState | None = None) -> ReviewState:
    """The page's state; `workflow_state` is its current one when the caller has it already."""
    if workflow_state is None:
        workflow_state = page.current_workflow_state
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return ReviewState.NEEDS_CHANGES
        return ReviewState.IN_REVIEW
    if page.pk and page.scheduled_revision is not None:
        return ReviewState.SCHEDULED
    if page.live:
        return ReviewState.LIVE_WITH_CHANGES if page.has_unpublished_changes else ReviewState.LIVE
    return ReviewState.DRAFT


def sentence(state: ReviewState, *, reviewer: bool, page: Page | None = None) -> str:
    """One sentence that says what this state means and what to do next."""
    text = (REVIEWER_SENTENCES if reviewer else {}).get(state) or WRITER_SENTENCES[state]
    if state is ReviewState.SCHEDULED:
        revision = page.scheduled_revision if page is not None else None
        go_live = revision.approved_go_live_at if revision is not None else None
        return text.format(go_live=when(go_live) if go_live else "đã hẹn")
    return text
