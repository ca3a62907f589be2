"""Reads of the review loop: a page's request for changes, a writer's list of them, its reviewers.

Wagtail keeps a request for changes as the rejected task state of a workflow state that "needs
changes": the reviewer is the task state's `finished_by` (Wagtail's side panel names the
workflow's `requested_by`, the writer, instead), the comment its `comment`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import IntegerField, Q
from django.db.models.functions import Cast
from wagtail.admin.utils import get_user_display_name
from wagtail.models import GroupApprovalTask, Page, TaskState, WorkflowState
from wagtail.models.content_types import get_default_page_content_type

from cchc.communes.access import visible_instances

# The dashboard lists at most this many requests (the oldest first would hide new ones).
PANEL_LIMIT = 20


@dataclass(frozen=True)
class ChangeRequest:
    """A reviewer sent a page back to its writer."""

    page: Page
    reviewer: str  # display name of who asked for the changes
    requested_at: datetime
    comment: str
    writer: str  # display name of who submitted it


def _request(page: Page, state: WorkflowState) -> ChangeRequest | None:
    task_state = state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_REJECTED:
        return None
    return ChangeRequest(
        page=page,
        reviewer=get_user_display_name(task_state.finished_by) if task_state.finished_by else "",
        requested_at=task_state.finished_at or state.created_at,
        comment=task_state.comment.strip(),
        writer=get_user_display_name(state.requested_by) if state.requested_by else "",
    )


def change_request_for(page: Page) -> ChangeRequest | None:
    """The request for changes the page waits on, if its workflow was sent back."""
    state = (
        WorkflowState.objects.filter(
            base_content_type_id=get_default_page_content_type().id,
            object_id=str(page.pk),
            status=WorkflowState.STATUS_NEEDS_CHANGES,
        )
        .select_related("current_task_state__finished_by", "requested_by")
        .first()
    )
    return _request(page, state) if state else None


def change_requests_for(user) -> list[ChangeRequest]:
    """Pages sent back to this user: ones they submitted or own, among the pages they may see
    (the commune and unit rules of decision 0004), newest request first."""
    if not user.is_authenticated:
        return []
    mine = Page.objects.filter(Q(owner=user) | Q(pk__in=_requested_by(user)))
    pages = {
        str(page.pk): page
        for page in visible_instances(user, Page)
        .filter(pk__in=mine.values("pk"))
        .select_related("latest_revision")
        .specific(defer=True)
    }
    if not pages:
        return []
    states = (
        WorkflowState.objects.filter(
            base_content_type_id=get_default_page_content_type().id,
            object_id__in=list(pages),
            status=WorkflowState.STATUS_NEEDS_CHANGES,
        )
        .select_related("current_task_state__finished_by", "requested_by")
        .order_by("-current_task_state__finished_at")[:PANEL_LIMIT]
    )
    found = (_request(pages[state.object_id], state) for state in states)
    return [request for request in found if request is not None]


def _requested_by(user):
    """Ids of pages whose current workflow (sent back) this user submitted."""
    return (
        WorkflowState.objects.filter(
            base_content_type_id=get_default_page_content_type().id,
            status=WorkflowState.STATUS_NEEDS_CHANGES,
            requested_by=user,
        )
        .annotate(page_id=Cast("object_id", output_field=IntegerField()))
        .values("page_id")
    )


def reviewer_names(page: Page) -> list[str]:
    """Who will review the page once submitted: the members of its workflow's first group task
    (the commune's coordinators and leaders; decision 0004)."""
    workflow = page.get_workflow()
    if workflow is None:
        return []
    task = workflow.tasks.filter(active=True).order_by("workflow_tasks__sort_order").first()
    if task is None or not isinstance(task.specific, GroupApprovalTask):
        return []
    people = (
        get_user_model()
        .objects.filter(is_active=True, groups__in=task.specific.groups.all())
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [get_user_display_name(person) for person in people]


def can_review(user, page: Page) -> bool:
    """Reviewers (coordinators, leaders) hold the publish permission; writers do not."""
    return bool(page.pk) and page.permissions_for_user(user).can_publish()
