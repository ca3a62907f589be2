"""The review loop in plain words, walked in Chromium (issue 10 item 4, decision 0019): the editor
submits with the footer's main button, the coordinator asks for changes with a comment, the
editor reads it with the coordinator's name on the dashboard and on the edit page, resubmits, and
the coordinator's approval is confirmed with what happens next."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from cchc.communes.services import membership_grant
from cchc.portal.models import ArticleIndexPage, ArticlePage
from tests.e2e.conftest import Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Cai-cach-hanh-chinh-2025!"
TITLE = "Xã Đức Thọ tiếp nhận hồ sơ đất đai trực tuyến"
SUMMARY = "Người dân nộp hồ sơ đất đai qua Cổng Dịch vụ công quốc gia."
WRITER = "Nguyễn Văn Viết"
REVIEWER = "Trần Thị Duyệt"
COMMENT = "Bổ sung số điện thoại của Bộ phận Một cửa."


def sign_in(browser: Browser, portal: Portal, path: str, username: str) -> Page:
    page = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    page.goto(portal.url + path)
    expect(page).to_have_url(re.compile(r"/quan-tri/login/\?next="))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(portal.url + path)
    return page


def success_message(page: Page):
    return page.locator(".messages li.success")


def test_an_editor_reads_the_coordinators_request_and_the_approval_is_confirmed(
    browser: Browser, portal: Portal
) -> None:
    users = get_user_model().objects
    editor = users.create_user("bientapvien", password=PASSWORD, first_name=WRITER)
    membership_grant(user=editor, commune=portal.commune, role="editor")
    coordinator = users.create_user("dieuphoivien", password=PASSWORD, first_name=REVIEWER)
    membership_grant(user=coordinator, commune=portal.commune, role="coordinator")
    news = ArticleIndexPage.objects.descendant_of(portal.commune.root_page).get()

    # The editor writes and submits with the footer's main button, "Gửi duyệt", no menu opened.
    writing = sign_in(
        browser, portal, f"/quan-tri/pages/add/portal/articlepage/{news.pk}/", "bientapvien"
    )
    writing.locator("#id_title").fill(TITLE)
    writing.locator("#id_summary").fill(SUMMARY)
    main = writing.locator("footer button[name=action-submit]").first
    expect(main).to_be_visible()
    expect(main).to_have_text("Gửi duyệt")
    expect(writing.locator("footer")).not_to_contain_text(str(portal.commune.code))
    main.click()
    expect(success_message(writing)).to_contain_text("gửi duyệt trang «" + TITLE + "»")
    article = ArticlePage.objects.get(title=TITLE)
    edit_path = f"/quan-tri/pages/{article.pk}/edit/"

    # While it waits the editor has nothing to cancel by mistake.
    writing.goto(portal.url + edit_path)
    expect(writing.locator("footer")).to_contain_text("Đang chờ duyệt")
    expect(writing.locator("button[name=action-cancel-workflow]")).to_have_count(0)

    # The coordinator asks for changes, with a comment, from the edit page's menu.
    reviewing = sign_in(browser, portal, edit_path, "dieuphoivien")
    reviewing.locator("footer [data-w-dropdown-target=toggle]").first.click()
    reviewing.locator("button[data-workflow-action-name=reject]").click()
    comment = reviewing.locator(".modal textarea[name=comment]")
    expect(comment).to_be_visible()
    comment.fill(COMMENT)
    reviewing.locator(".modal form button[type=submit]").click()
    expect(success_message(reviewing)).to_contain_text(
        f"Đã yêu cầu sửa trang «{TITLE}». Người viết ({WRITER}) sẽ thấy góp ý"
    )

    # The editor finds the request on the dashboard: page, comment, who and when.
    writing.goto(portal.url + "/quan-tri/")
    panel = writing.locator("#cchc-needs-changes-section")
    expect(panel).to_contain_text("Bài cần sửa")
    expect(panel).to_contain_text(COMMENT)
    expect(panel).to_contain_text(REVIEWER)
    panel.get_by_role("link", name=TITLE).click()

    # …and on the edit page, as a banner naming the coordinator, not the editor.
    expect(writing).to_have_url(portal.url + edit_path)
    banner = writing.locator(".cchc-review-banner")
    expect(banner).to_contain_text("Cần sửa.")
    expect(banner).to_contain_text(f"{REVIEWER} yêu cầu sửa lúc")
    expect(banner).to_contain_text(COMMENT)
    expect(banner).not_to_contain_text(WRITER)

    # The editor fixes the summary and resubmits with the main button, now "Gửi duyệt lại".
    writing.locator("#id_summary").fill(SUMMARY + " Điện thoại: 0239 3820 123.")
    again = writing.locator("footer button[name=action-submit]").first
    expect(again).to_have_text("Gửi duyệt lại")
    again.click()
    expect(success_message(writing)).to_contain_text(f"Đã gửi duyệt lại trang «{TITLE}»")
    expect(success_message(writing)).to_contain_text(REVIEWER)

    # The coordinator approves; the confirmation says it is published and who is told.
    reviewing.goto(portal.url + edit_path)
    reviewing.locator("footer [data-w-dropdown-target=toggle]").first.click()
    reviewing.locator(
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    ).click()
    expect(success_message(reviewing)).to_contain_text(
        f"Đã duyệt và xuất bản trang «{TITLE}»: người dân xem được ngay bây giờ."
    )
    article.refresh_from_db()
    assert article.live
    writing.context.close()
    reviewing.context.close()
