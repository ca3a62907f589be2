"""The page editor's footer actions, named for the person using them.

Wagtail puts "Lưu nháp" first for everyone and "Gửi duyệt theo quy trình <workflow name>" behind
the ▲; once a writer has submitted, the page is locked for them and the first action left is
"Hủy quy trình duyệt"; once sent back, "Gửi duyệt lại từ đầu" comes before "Gửi lại cho <task>".
For a writer (who may not publish) this menu makes "Gửi duyệt" the main action, plainly named,
"Gửi duyệt lại" after a request for changes, a disabled "Đang chờ duyệt" while waiting, and no
cancel or restart of the workflow. Reviewers keep Wagtail's menu, the cancel action behind a
confirmation dialog.
"""

from __future__ import annotations

from wagtail.admin.action_menu import (
    ActionMenuItem,
    CancelWorkflowMenuItem,
    PageLockedMenuItem,
    RestartWorkflowMenuItem,
    SubmitForModerationMenuItem,
)
from wagtail.locks import WorkflowLock
from wagtail.models import WorkflowState

SUBMIT = "Gửi duyệt"
RESUBMIT = "Gửi duyệt lại"
AWAITING = "Đang chờ duyệt"
CANCEL = "Hủy quy trình duyệt"


def may_publish(context: dict) -> bool:
    """Whether the menu's user may publish here (reviewers and administrators)."""
    user = context["request"].user
    if context["view"] == "create":
        return context["parent_page"].permissions_for_user(user).can_publish_subpage()
    tester = context.get("user_page_permissions_tester")
    if tester is None:
        tester = context["page"].permissions_for_user(user)
    return tester.can_publish()


def needs_changes(context: dict) -> bool:
    page = context.get("page")
    state = page.current_workflow_state if page is not None and page.pk else None
    return state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES


class SubmitForReviewMenuItem(SubmitForModerationMenuItem):
    """Wagtail's submit action, labelled "Gửi duyệt" / "Gửi duyệt lại"; administrators (who may
    look after many communes) also read the workflow's name."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        if needs_changes(parent_context):
            context["label"] = RESUBMIT
        elif parent_context["request"].user.is_superuser:
            page = parent_context.get("page")
            workflow = page if page is not None and page.pk else parent_context["parent_page"]
            workflow = workflow.get_workflow()
            context["label"] = f"{SUBMIT} (quy trình «{workflow.name}»)" if workflow else SUBMIT
        else:
            context["label"] = SUBMIT
        return context


class AwaitingReviewMenuItem(ActionMenuItem):
    """What a writer sees instead of "Trang đang bị khóa" while their page waits for review."""

    name = "action-awaiting-review"
    label = AWAITING
    icon_name = "time"
    template_name = "portal/review/awaiting_menu_item.html"


class ConfirmedCancelWorkflowMenuItem(CancelWorkflowMenuItem):
    """The reviewers' cancel action: it opens a dialog that says what cancelling does; only the
    dialog's button submits the form."""

    label = CANCEL
    template_name = "portal/review/cancel_menu_item.html"


def review_menu(menu_items: list, request, context: dict) -> None:
    """construct_page_action_menu: rename, reorder and drop items in place (the items in the
    list are Wagtail's shared instances: replace them, never change their attributes)."""
    writer = not may_publish(context)
    for index, item in enumerate(menu_items):
        if type(item) is SubmitForModerationMenuItem:
            menu_items[index] = SubmitForReviewMenuItem(order=item.order)
        elif type(item) is CancelWorkflowMenuItem and not writer:
            menu_items[index] = ConfirmedCancelWorkflowMenuItem(order=item.order)
        elif (
            type(item) is PageLockedMenuItem
            and writer
            and isinstance(context.get("lock"), WorkflowLock)
        ):
            menu_items[index] = AwaitingReviewMenuItem(order=item.order)
    if not writer:
        return
    menu_items[:] = [
        item
        for item in menu_items
        if not isinstance(item, CancelWorkflowMenuItem | RestartWorkflowMenuItem)
    ]
    # The writer's main action (Wagtail shows the first item as the footer's button).
    for index, item in enumerate(menu_items):
        if isinstance(item, SubmitForReviewMenuItem):
            menu_items.insert(0, menu_items.pop(index))
            break
