"""Wagtail's page views with the review loop's confirmations and the edit page's banner.

Subclasses set on the project's page viewset (`cchc.portal.admin_views.CommunePageViewSet`, the
way Wagtail offers to replace its page views): each runs Wagtail's action unchanged, then puts the
message of `cchc.portal.review.messages` in place of Wagtail's.
"""

from __future__ import annotations

from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.models import TaskState, WorkflowState

from cchc.portal.review import messages
from cchc.portal.review.panels import ReviewBanner

EDIT_TEMPLATE = "wagtailadmin/pages/edit.html"


class ReviewCreateView(CreateView):
    def submit_action(self):
        count = messages.queued(self.request)
        response = super().submit_action()
        messages.replace_since(
            self.request,
            count,
            messages.submitted(self.page, created=True),
            buttons=[self.get_edit_message_button()],
        )
        return response

    def save_action(self):
        count = messages.queued(self.request)
        response = super().save_action()
        if not self.expects_json_response:  # autosave's JSON answer carries no message
            messages.replace_since(self.request, count, messages.created_draft(self.page))
        return response


class ReviewEditView(EditView):
    def get_template_names(self):
        names = super().get_template_names()
        # The full edit page gets the banner; aliases and autosave's partials keep Wagtail's.
        return ["portal/review/page_edit.html"] if names == [EDIT_TEMPLATE] else names

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review_banner"] = ReviewBanner(self.real_page_record, self.request.user)
        return context

    @property
    def created_in_this_session(self) -> bool:
        """Autosave created the page (Wagtail's create view answered its JSON without a message)
        and this editing session still overwrites that first revision: the first save the
        writer asks for is the page's creation, not an update."""
        overwritten = self.request.POST.get("overwrite_revision_id")
        first = self.page.revisions.order_by("pk").values_list("pk", flat=True).first()
        return bool(overwritten) and overwritten == str(first)

    def add_save_confirmation_message(self):
        if self.action_name == "perform_workflow_action":
            # Wagtail says "Đã cập nhật trang" after an approval or a request for changes.
            if self.workflow_action == "reject":
                text = messages.changes_requested(self.page)
            else:
                text = messages.approved(self.page)
            messages.confirm(self.request, text)
        elif not self.is_reverting and self.created_in_this_session:
            messages.confirm(self.request, messages.created_draft(self.page))
        else:
            super().add_save_confirmation_message()

    def submit_action(self):
        again = (
            self.workflow_state is not None
            and self.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        )
        created = self.created_in_this_session
        count = messages.queued(self.request)
        response = super().submit_action()
        messages.replace_since(
            self.request,
            count,
            messages.submitted(self.page, again=again, created=created),
            buttons=[self.get_view_draft_message_button(), self.get_edit_message_button()],
        )
        return response

    def restart_workflow_action(self):
        count = messages.queued(self.request)
        response = super().restart_workflow_action()
        messages.replace_since(self.request, count, messages.submitted(self.page, again=True))
        return response

    def publish_action(self):
        count = messages.queued(self.request)
        response = super().publish_action()
        if response.status_code in (301, 302):  # done (a refused publish renders the form again)
            messages.replace_since(
                self.request,
                count,
                messages.published(self.page),
                buttons=[self.get_edit_message_button()],
            )
        return response

    def cancel_workflow_action(self):
        count = messages.queued(self.request)
        response = super().cancel_workflow_action()
        messages.replace_since(self.request, count, messages.workflow_cancelled(self.page))
        return response


class ReviewWorkflowActionView(WorkflowActionView):
    """Approve or request changes from the dashboard's "Đang chờ bạn duyệt" panel: Wagtail
    answers with no message at all."""

    def post(self, request, *args, **kwargs):
        before = self.task_state.status
        response = super().post(request, *args, **kwargs)
        after = TaskState.objects.filter(pk=self.task_state.pk).values_list("status", flat=True)
        status = after.first()
        if status == before:  # nothing done (the comment form was shown again with its errors)
            return response
        if status == TaskState.STATUS_APPROVED:
            messages.confirm(request, messages.approved(self.object))
        elif status == TaskState.STATUS_REJECTED:
            messages.confirm(request, messages.changes_requested(self.object))
        return response
