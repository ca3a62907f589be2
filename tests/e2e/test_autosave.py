"""Nothing typed in the page editor is lost (issue 10 item 3, decision 0021).

A new page is saved the first time by the officer ("Lưu nháp"), as the form says; from then on
the edit view autosaves what is typed, and leaving with unsaved changes asks first.
"""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from cchc.communes.services import membership_grant
from cchc.portal.admin_editor import FIRST_SAVE_PROMPT
from cchc.portal.models import ArticleIndexPage, ArticlePage
from tests.e2e.conftest import Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Cai-cach-hanh-chinh-2025!"
TITLE = "Xã Đức Thọ tiếp nhận hồ sơ đất đai trực tuyến"
SUMMARY = "Người dân nộp hồ sơ qua Cổng Dịch vụ công, không phải đến trụ sở."
MORE = " Cán bộ một cửa hỗ trợ tại nhà văn hóa thôn."
BODY = "Bộ phận Một cửa hướng dẫn từng bước ngay trên điện thoại."
# Wagtail's w-unsaved controller takes its first snapshot of the form 2 s after it opens; what
# is typed before that counts as the starting point, so the tests wait for the snapshot.
SNAPSHOT_TAKEN = """() => {
  const form = document.querySelector("#page-edit-form");
  const app = window.wagtail && window.wagtail.app;
  if (!app || !form) return false;
  const unsaved = app.getControllerForElementAndIdentifier(form, "w-unsaved");
  return Boolean(unsaved && unsaved.initialFormData !== undefined);
}"""


def wait_until_saved_and_quiet(page: Page, activity: list[float], seconds: float = 30) -> None:
    """Wait until the editor says "saved", has no unsaved edit, and no POST has started or ended
    for 2 s (more than Wagtail's 500 ms check plus its notify delay). The database is read only
    then: the live server's SQLite is shared in memory, and reading it while the server writes
    locks the server's write."""
    form = page.locator("#page-edit-form")
    indicator = page.locator("#w-autosave-indicator")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        quiet = time.monotonic() - max(activity, default=0.0) > 2.0
        if (
            quiet
            and form.get_attribute("data-w-unsaved-has-edits-value") == "false"
            and indicator.get_attribute("data-w-autosave-state-value") == "saved"
        ):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the editor did not settle on 'saved' within {seconds} s")


def open_new_article(browser: Browser, portal: Portal) -> tuple[Page, list[float]]:
    editor = get_user_model().objects.create_user(username="bientap", password=PASSWORD)
    membership_grant(user=editor, commune=portal.commune, role="editor")
    news = ArticleIndexPage.objects.descendant_of(portal.commune.root_page).get()
    path = f"/quan-tri/pages/add/portal/articlepage/{news.pk}/"
    page = browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(portal.url + path)
    page.locator("#id_username").fill("bientap")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(portal.url + path)
    posts: list[float] = []  # when each POST started or ended
    for event in ("request", "requestfinished", "requestfailed"):
        page.on(event, lambda request: request.method == "POST" and posts.append(time.monotonic()))
    page.wait_for_function(SNAPSHOT_TAKEN)
    return page, posts


def test_a_new_page_says_how_it_is_saved_and_is_autosaved_after_its_first_save(
    browser: Browser, portal: Portal
) -> None:
    page, posts = open_new_article(browser, portal)
    expect(page.locator(".messages")).to_contain_text(FIRST_SAVE_PROMPT)
    expect(page.locator("#w-autosave-indicator")).to_have_count(0)  # nothing claims "saved"

    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    form = page.locator("#page-edit-form")
    expect(form).to_have_attribute("data-w-unsaved-has-edits-value", "true")
    assert posts == [], "nothing is sent before the officer saves"
    assert not ArticlePage.objects.filter(title=TITLE).exists()

    page.keyboard.press("Control+s")  # "Lưu nháp", as the prompt says
    page.wait_for_url(lambda url: "/edit/" in url)
    article = ArticlePage.objects.get(title=TITLE)
    assert article.summary == SUMMARY
    page.wait_for_function(SNAPSHOT_TAKEN)
    expect(page.locator("#w-autosave-indicator")).to_have_count(1)  # the edit view autosaves

    # Typed on the edit view, saved without pressing anything.
    page.locator("#id_summary").press("End")
    page.locator("#id_summary").press_sequentially(MORE)
    page.locator("button.c-sf-add-button:visible").first.click()
    page.locator("[role=option]:visible").filter(has_text="Đoạn văn").first.click()
    page.locator(".DraftEditor-root").first.click()
    page.keyboard.type(BODY)
    page.locator("input[name=topics]").first.check()

    wait_until_saved_and_quiet(page, posts)
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert draft.summary == SUMMARY + MORE
    assert BODY in str(draft.body)
    assert draft.topics.count() == 1
    page.reload()
    expect(page.locator("#id_summary")).to_have_value(SUMMARY + MORE)
    expect(page.locator(".DraftEditor-root").first).to_contain_text(BODY)
    expect(page.locator("input[name=topics]").first).to_be_checked()
    page.context.close()


def test_leaving_a_new_page_with_unsaved_changes_asks_first(
    browser: Browser, portal: Portal
) -> None:
    page, _ = open_new_article(browser, portal)
    page.locator("#id_title").click()
    page.keyboard.type(TITLE)
    expect(page.locator("#page-edit-form")).to_have_attribute(
        "data-w-unsaved-has-edits-value", "true"
    )
    with page.expect_event("dialog") as info:
        page.close(run_before_unload=True)
    assert info.value.type == "beforeunload"
    info.value.dismiss()
    assert not ArticlePage.objects.filter(title=TITLE).exists()
    page.context.close()
