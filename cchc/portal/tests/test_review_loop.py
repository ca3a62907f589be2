"""The review loop in plain words (issue 10 item 4, decision 0019), through Wagtail's own views:
the editor's main action, the confirmations, the banner, the side panel and the dashboard panel."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.action_menu import PageActionMenu
from wagtail.models import Page

from cchc.communes.models import Membership, Unit
from cchc.portal.models import ArticlePage
from cchc.portal.review.menu import (
    AwaitingReviewMenuItem,
    ConfirmedCancelWorkflowMenuItem,
    SubmitForReviewMenuItem,
)
from cchc.portal.review.selectors import change_requests_for
from cchc.portal.review.states import ReviewState, sentence, state_of
from cchc.portal.tests.test_workflow import (
    HOST_A,
    HOST_B,
    add_article,
    article_form,
    login_as,
    news_index,
    workflow_action,
)

pytestmark = pytest.mark.django_db

WRITER = "Nguyễn Văn Viết"
REVIEWER = "Trần Thị Duyệt"
COMMENT = "Bổ sung nguồn tin và ảnh minh họa."


@pytest.fixture
def staff(django_user_model):
    def make(username: str, *, role: str, commune, name: str = "", unit=None):
        from cchc.communes.services import membership_grant

        user = django_user_model.objects.create_user(username, password="x", first_name=name)
        membership_grant(user=user, role=role, commune=commune, unit=unit)
        return user

    return make


@pytest.fixture
def editor(staff, commune_a):
    return staff("bien-tap-a", role=Membership.Role.EDITOR, commune=commune_a, name=WRITER)


@pytest.fixture
def coordinator(staff, commune_a):
    return staff("dieu-phoi-a", role=Membership.Role.COORDINATOR, commune=commune_a, name=REVIEWER)


@pytest.fixture
def submitted(client, editor, coordinator, commune_a) -> ArticlePage:
    login_as(client, editor)
    assert add_article(client, commune_a, "Tin chờ duyệt", "tin-cho-duyet").status_code == 302
    return ArticlePage.objects.get(slug="tin-cho-duyet")


@pytest.fixture
def sent_back(client, submitted, coordinator) -> ArticlePage:
    login_as(client, coordinator)
    workflow_action(client, submitted, "reject", comment=COMMENT)
    return submitted


def flashed(client, response) -> list[str]:
    """The success messages the page after `response` shows (Wagtail's buttons left out)."""
    assert response.status_code == 302, response.content.decode()[:500]
    html = client.get(response["Location"], HTTP_HOST=HOST_A).content.decode()
    listed = html.split('data-w-messages-target="container">', 1)[1].split("</ul>", 1)[0]
    shown = re.findall(r'<li class="success">(.*?)</li>', listed, re.S)
    texts = (item.split('<span class="buttons">')[0] for item in shown)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip() for text in texts]


def edit(client, page, **extra):
    """Post the edit form of `page` with one of its actions."""
    data = article_form(page.title, page.slug)
    data.update(extra)
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.id,)), data, HTTP_HOST=HOST_A)


def edit_page(client, page) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.id,)), HTTP_HOST=HOST_A)
    assert response.status_code == 200
    return response.content.decode()


def footer(html: str) -> str:
    return html.split("<footer", 1)[1]


def action_menu(user, page, **context) -> PageActionMenu:
    request = RequestFactory().get("/", HTTP_HOST=HOST_A)
    request.user = user
    lock = page.get_lock()
    return PageActionMenu(
        request,
        view="edit",
        page=page,
        lock=lock,
        locked_for_user=bool(lock and lock.for_user(user)),
        **context,
    )


# --- The editor's actions ---------------------------------------------------------------------


def test_gui_duyet_is_the_editors_main_action_without_the_workflows_codes(
    client, editor, commune_a
):
    login_as(client, editor)
    url = reverse(
        "wagtailadmin_pages:add", args=("portal", "articlepage", news_index(commune_a).id)
    )
    html = footer(client.get(url, HTTP_HOST=HOST_A).content.decode())
    # The footer's first button (Wagtail's dropdown shows its default item first) is the submit.
    first_button = re.search(
        r"<button[^>]*name=\"(action-[a-z-]+)\"[^>]*>(.*?)</button>", html, re.S
    )
    assert first_button.group(1) == "action-submit"
    assert re.sub(r"<[^>]+>|\s+", " ", first_button.group(2)).strip() == "Gửi duyệt"
    assert "theo quy trình" not in html
    assert str(commune_a.code) not in html
    assert "Lưu nháp" in html  # still there, behind the arrow


def test_while_waiting_the_editor_sees_awaiting_review_and_no_cancel(client, submitted, editor):
    menu = action_menu(editor, submitted)
    assert isinstance(menu.default_item, AwaitingReviewMenuItem)
    assert not [item for item in menu.menu_items if "cancel" in (item.name or "")]
    login_as(client, editor)
    html = edit_page(client, submitted)
    assert "action-cancel-workflow" not in html
    assert 'data-cchc-review="awaiting"' in footer(html)


def test_the_coordinator_keeps_cancel_in_the_menu_behind_a_confirmation(
    client, submitted, coordinator
):
    menu = action_menu(coordinator, submitted)
    assert menu.default_item.name == "action-save-draft"
    cancels = [i for i in menu.menu_items if isinstance(i, ConfirmedCancelWorkflowMenuItem)]
    assert len(cancels) == 1
    login_as(client, coordinator)
    html = edit_page(client, submitted)
    dialog = html.split('id="cchc-cancel-workflow-dialog"', 1)[1]
    assert "Bạn có chắc muốn hủy quy trình duyệt" in dialog
    assert 'name="action-cancel-workflow"' in dialog
    # The only cancel button is the dialog's: the menu item itself opens the dialog.
    assert html.count('name="action-cancel-workflow"') == 1


def test_after_changes_are_requested_the_main_action_is_gui_duyet_lai(sent_back, editor):
    menu = action_menu(editor, sent_back)
    assert isinstance(menu.default_item, SubmitForReviewMenuItem)
    assert "Gửi duyệt lại" in menu.render_html()
    names = {item.name for item in menu.menu_items}
    assert "action-restart-workflow" not in names
    assert "action-cancel-workflow" not in names


def test_a_coordinators_cancel_is_confirmed_with_what_it_means(client, submitted, coordinator):
    login_as(client, coordinator)
    response = edit(client, submitted, **{"action-cancel-workflow": "1"})
    assert flashed(client, response) == [
        "Đã hủy quy trình duyệt trang «Tin chờ duyệt». Trang trở lại bản nháp, chưa hiện ra "
        "ngoài; muốn đăng, người viết phải gửi duyệt lại."
    ]


# --- Confirmations ----------------------------------------------------------------------------


def test_creating_a_page_says_created_and_what_comes_next(client, editor, coordinator, commune_a):
    login_as(client, editor)
    response = add_article(client, commune_a, "Tin mới gửi", "tin-moi-gui")
    assert flashed(client, response) == [
        f"Đã tạo và gửi duyệt trang «Tin mới gửi». Điều phối viên hoặc lãnh đạo ({REVIEWER}) sẽ "
        "xem rồi duyệt hoặc yêu cầu sửa; kết quả sẽ hiện ở trang tổng quan của bạn."
    ]
    draft = add_article(client, commune_a, "Tin mới nháp", "tin-moi-nhap", "action-save-draft")
    assert flashed(client, draft) == [
        "Đã tạo trang «Tin mới nháp». Trang là bản nháp, chưa hiện ra ngoài; viết xong, hãy bấm "
        "«Gửi duyệt»."
    ]


def test_submitting_says_who_reviews_and_where_the_answer_shows(client, editor, coordinator):
    login_as(client, editor)
    index = news_index(coordinator.memberships.get().commune)
    page = index.add_child(instance=ArticlePage(title="Tin nháp", slug="tin-nhap", summary="x"))
    page.save_revision(user=editor)
    response = edit(client, page, **{"action-submit": "1"})
    assert response.status_code == 302
    assert flashed(client, response) == [
        f"Đã gửi duyệt trang «Tin nháp». Điều phối viên hoặc lãnh đạo ({REVIEWER}) sẽ xem rồi "
        "duyệt hoặc yêu cầu sửa; kết quả sẽ hiện ở trang tổng quan của bạn."
    ]


def test_requesting_changes_on_the_edit_page_is_confirmed_not_called_an_update(
    client, submitted, coordinator
):
    login_as(client, coordinator)
    response = edit(
        client,
        submitted,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": COMMENT}),
        },
    )
    messages = flashed(client, response)
    assert len(messages) == 1
    assert messages[0].startswith(f"Đã yêu cầu sửa trang «Tin chờ duyệt». Người viết ({WRITER})")
    assert "Đã cập nhật" not in messages[0]


def test_approving_from_the_dashboard_is_confirmed_with_what_comes_next(
    client, submitted, coordinator
):
    login_as(client, coordinator)
    response = workflow_action(client, submitted, "approve")
    assert flashed(client, response) == [
        "Đã duyệt và xuất bản trang «Tin chờ duyệt»: người dân xem được ngay bây giờ. "
        f"Người viết ({WRITER}) thấy kết quả ở trang tổng quan."
    ]


def test_requesting_changes_from_the_dashboard_is_confirmed(client, submitted, coordinator):
    login_as(client, coordinator)
    response = workflow_action(client, submitted, "reject", comment=COMMENT)
    assert flashed(client, response) == [
        f"Đã yêu cầu sửa trang «Tin chờ duyệt». Người viết ({WRITER}) sẽ thấy góp ý của bạn "
        "trên trang và ở trang tổng quan, sửa rồi gửi duyệt lại; trang vẫn chưa hiện ra ngoài."
    ]


def test_approving_a_page_with_a_later_go_live_says_when_it_will_be_published(
    client, editor, coordinator, commune_a
):
    login_as(client, editor)
    go_live = timezone.localtime() + timedelta(days=2)
    add_article(
        client,
        commune_a,
        "Tin hẹn giờ",
        "tin-hen-gio",
        go_live_at=go_live.strftime("%d/%m/%Y %H:%M"),
    )
    page = ArticlePage.objects.get(slug="tin-hen-gio")
    login_as(client, coordinator)
    message = flashed(client, workflow_action(client, page, "approve"))[0]
    assert f"sẽ tự xuất bản lúc {go_live:%H:%M} ngày {go_live:%d/%m/%Y}" in message


def test_publishing_is_confirmed_with_what_it_means(client, coordinator, commune_a):
    login_as(client, coordinator)
    add_article(client, commune_a, "Tin đăng ngay", "tin-dang-ngay", action="action-save-draft")
    client.cookies.pop("messages", None)  # "Đã tạo trang", shown on the page not followed here
    page = ArticlePage.objects.get(slug="tin-dang-ngay")
    response = edit(client, page, **{"action-publish": "1"})
    assert flashed(client, response) == [
        "Đã xuất bản trang «Tin đăng ngay»: người dân xem được ngay bây giờ."
    ]


def test_the_first_save_of_a_page_autosave_created_says_created(client, editor, commune_a):
    login_as(client, editor)
    page = news_index(commune_a).add_child(
        instance=ArticlePage(title="Tin tự lưu", slug="tin-tu-luu", summary="x", owner=editor)
    )
    first = page.save_revision(user=editor)
    created = edit(client, page, **{"action-save-draft": "1", "overwrite_revision_id": first.pk})
    assert flashed(client, created)[0].startswith("Đã tạo trang «Tin tự lưu».")
    login_as(client, editor)
    updated = edit(client, page, **{"action-save-draft": "1"})
    assert flashed(client, updated) == ["Đã cập nhật trang «Tin tự lưu»."]


# --- What the editor reads: banner, side panel, dashboard --------------------------------------


def test_the_editor_reads_the_reviewers_comment_and_name_on_the_edit_page(
    client, sent_back, editor
):
    login_as(client, editor)
    html = edit_page(client, sent_back)
    banner = html.split('class="nice-padding cchc-review-banner', 1)[1].split("</section>", 1)[0]
    assert "Cần sửa." in banner
    assert f"{REVIEWER}</strong> yêu cầu sửa lúc" in banner
    assert COMMENT in banner
    assert "«Gửi duyệt lại»" in banner
    # The side panel's status: the state, and the reviewer (not the writer) beside the request.
    panel = html.split('data-side-panel="status"', 1)[1]
    assert f"{REVIEWER} yêu cầu sửa lúc" in panel
    assert f"bởi {REVIEWER}" in panel
    assert f"bởi {WRITER}" not in panel
    assert 'data-cchc-review-state="needs_changes"' in panel


def test_the_editors_dashboard_lists_the_page_with_the_comment_who_and_when(
    client, sent_back, editor
):
    login_as(client, editor)
    html = client.get(reverse("wagtailadmin_home"), HTTP_HOST=HOST_A).content.decode()
    panel = html.split('id="cchc-needs-changes-section"', 1)[1].split("</table>", 1)[0]
    assert "Bài cần sửa" in html
    assert "Tin chờ duyệt" in panel
    assert COMMENT in panel
    assert REVIEWER in panel
    assert reverse("wagtailadmin_pages:edit", args=(sent_back.id,)) in panel


def test_the_needs_changes_panel_keeps_to_the_users_own_pages_commune_and_unit(
    client, staff, sent_back, coordinator, commune_a, commune_b
):
    other_commune = staff("bien-tap-b", role=Membership.Role.EDITOR, commune=commune_b)
    colleague = staff("bien-tap-a2", role=Membership.Role.EDITOR, commune=commune_a)
    school = Unit.objects.create(commune=commune_a, name="Trường Tiểu học", kind="school")
    teacher = staff("giao-vien", role=Membership.Role.EDITOR, commune=commune_a, unit=school)
    for user in (other_commune, colleague, teacher, coordinator):
        assert change_requests_for(user) == []
        login_as(client, user)
        host = HOST_B if user is other_commune else HOST_A
        html = client.get(reverse("wagtailadmin_home"), HTTP_HOST=host).content.decode()
        assert "cchc-needs-changes" not in html
        assert COMMENT not in html


def test_the_panels_queries_do_not_grow_with_the_number_of_pages(
    client, editor, coordinator, commune_a, django_assert_max_num_queries
):
    def send_back(title: str, slug: str) -> None:
        login_as(client, editor)
        add_article(client, commune_a, title, slug)
        login_as(client, coordinator)
        workflow_action(client, ArticlePage.objects.get(slug=slug), "reject", comment=slug)

    send_back("Tin một", "tin-mot")
    editor.refresh_from_db()
    with django_assert_max_num_queries(12) as one:
        assert len(change_requests_for(editor)) == 1
    queries = len(one.captured_queries)
    for n in range(2, 5):
        send_back(f"Tin {n}", f"tin-{n}")
    editor.refresh_from_db()
    with django_assert_max_num_queries(queries):
        assert len(change_requests_for(editor)) == 4


# --- States -------------------------------------------------------------------------------------


def test_each_state_reads_as_one_vietnamese_sentence(client, sent_back, coordinator, editor):
    texts = {
        (state, reviewer): sentence(state, reviewer=reviewer)
        for state in ReviewState
        if state is not ReviewState.SCHEDULED
        for reviewer in (False, True)
    }
    for text in texts.values():
        assert text[0].isupper() and text.endswith(".")
        assert ". " not in text  # one sentence
    assert len(set(texts.values())) >= len(ReviewState)

    assert state_of(sent_back) is ReviewState.NEEDS_CHANGES
    login_as(client, editor)
    resubmitted = edit(client, sent_back, **{"action-submit": "1"})
    assert flashed(client, resubmitted)[0].startswith("Đã gửi duyệt lại trang «Tin chờ duyệt».")
    page = Page.objects.get(pk=sent_back.pk).specific
    assert state_of(page) is ReviewState.IN_REVIEW
    login_as(client, coordinator)
    workflow_action(client, page, "approve")
    page = Page.objects.get(pk=sent_back.pk).specific
    assert state_of(page) is ReviewState.LIVE
    page.title = "Tin đã sửa"
    page.save_revision(user=editor)
    page = Page.objects.get(pk=sent_back.pk).specific
    assert state_of(page) is ReviewState.LIVE_WITH_CHANGES


# --- The staff guide says what the screens say ------------------------------------------------


def test_the_staff_guide_uses_the_screens_words():
    from pathlib import Path

    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext

    from cchc.portal.review.menu import AWAITING, CANCEL, RESUBMIT, SUBMIT
    from cchc.portal.review.states import LABELS

    guide = (Path(settings.BASE_DIR) / "docs/vi/huong-dan-can-bo.md").read_text()
    with translation.override("vi"):
        approve = gettext("%(label)s and Publish") % {"label": gettext("Approve")}
        request_changes = gettext("Request changes")
    for words in [SUBMIT, RESUBMIT, AWAITING, CANCEL, approve, request_changes, "Bài cần sửa"]:
        assert f"**{words}**" in guide, words
    for label in LABELS.values():
        assert f"**{label}**" in guide, label
    assert "Phê duyệt" not in guide
    assert "chỉnh sửa" not in guide
