"""The confirmations of the review loop: what happened and what comes next, one message each.

Wagtail confirms a submission with "Đã gửi duyệt trang «…»" and nothing about what follows,
confirms an approval or a request for changes made on the edit page with "Đã cập nhật trang «…»",
and one made from the dashboard with nothing at all. The page views of `views` call these after
Wagtail's own action and put the message in place of Wagtail's (`replace_since`).
"""

from __future__ import annotations

from django.contrib import messages as django_messages
from django.http import HttpRequest
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Page, WorkflowState

from cchc.portal.review.selectors import reviewer_names
from cchc.portal.review.states import when

RESULT_ON_DASHBOARD = "kết quả sẽ hiện ở trang tổng quan của bạn"


def queued(request: HttpRequest) -> int:
    """How many messages the request holds so far (read before Wagtail's action adds its own)."""
    return len(django_messages.get_messages(request))


def confirm(request: HttpRequest, text: str, buttons=None) -> None:
    messages.success(request, text, buttons=buttons or [])


def replace_since(request: HttpRequest, count: int, text: str, buttons=None) -> None:
    """Put `text` in place of the messages added after the first `count` ones (Wagtail's
    confirmation of the action just done); earlier ones are kept, in order."""
    storage = django_messages.get_messages(request)
    held = list(storage)  # reading marks them used: only what is added next is stored
    for message in held[:count]:
        django_messages.add_message(request, message.level, message.message, message.extra_tags)
    confirm(request, text, buttons)


def _who_reviews(page: Page) -> str:
    names = reviewer_names(page)
    shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
    return f"Điều phối viên hoặc lãnh đạo ({shown})" if names else "Điều phối viên hoặc lãnh đạo"


def submitted(page: Page, *, again: bool = False, created: bool = False) -> str:
    done = "tạo và gửi duyệt" if created else "gửi duyệt lại" if again else "gửi duyệt"
    return (
        f"Đã {done} trang «{page.get_admin_display_title()}». {_who_reviews(page)} sẽ xem rồi "
        f"duyệt hoặc yêu cầu sửa; {RESULT_ON_DASHBOARD}."
    )


def created_draft(page: Page) -> str:
    return (
        f"Đã tạo trang «{page.get_admin_display_title()}». Trang là bản nháp, chưa hiện ra ngoài; "
        "viết xong, hãy bấm «Gửi duyệt»."
    )


def _writer(page: Page) -> str:
    state = (
        WorkflowState.objects.for_instance(page)
        .select_related("requested_by")
        .order_by("-created_at")
        .first()
    )
    if state is None or state.requested_by is None:
        return "Người viết"
    return f"Người viết ({get_user_display_name(state.requested_by)})"


def approved(page: Page) -> str:
    """After an approval: published, scheduled, or on to the workflow's next step."""
    page = Page.objects.get(pk=page.pk).specific
    title = page.get_admin_display_title()
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return (
            f"Đã duyệt trang «{title}» ở bước của bạn; trang chuyển sang bước "
            f"«{state.current_task_state.task.name}» để duyệt tiếp."
        )
    revision = page.scheduled_revision
    if revision is not None and revision.approved_go_live_at:
        return (
            f"Đã duyệt trang «{title}»; trang sẽ tự xuất bản lúc "
            f"{when(revision.approved_go_live_at)}. {_writer(page)} thấy kết quả ở trang tổng quan."
        )
    return (
        f"Đã duyệt và xuất bản trang «{title}»: người dân xem được ngay bây giờ. "
        f"{_writer(page)} thấy kết quả ở trang tổng quan."
    )


def changes_requested(page: Page) -> str:
    return (
        f"Đã yêu cầu sửa trang «{page.get_admin_display_title()}». {_writer(page)} sẽ thấy góp ý "
        "của bạn trên trang và ở trang tổng quan, sửa rồi gửi duyệt lại; trang vẫn chưa hiện ra "
        "ngoài."
    )


def published(page: Page) -> str:
    page = Page.objects.get(pk=page.pk)
    title = page.get_admin_display_title()
    revision = page.specific.scheduled_revision
    if not page.live or (revision is not None and revision.approved_go_live_at):
        go_live = revision.approved_go_live_at if revision is not None else None
        moment = f" lúc {when(go_live)}" if go_live else ""
        return f"Đã hẹn giờ xuất bản trang «{title}»: trang sẽ tự hiện ra ngoài{moment}."
    return f"Đã xuất bản trang «{title}»: người dân xem được ngay bây giờ."


def workflow_cancelled(page: Page) -> str:
    return (
        f"Đã hủy quy trình duyệt trang «{page.get_admin_display_title()}». Trang trở lại bản "
        "nháp, chưa hiện ra ngoài; muốn đăng, người viết phải gửi duyệt lại."
    )
