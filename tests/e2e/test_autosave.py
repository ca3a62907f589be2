"""Nothing typed in the page editor is lost (issue 10 item 3, decision 0015).

An editor opens "add article", types a title (the first autosave creates the page), goes on
typing, and the text is in the database without pressing save; leaving with unsaved changes asks
first (the browser's beforeunload dialog).
"""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, Route, expect

from cchc.communes.services import membership_grant
from cchc.portal.models import ArticleIndexPage, ArticlePage
from tests.e2e.conftest import Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Cai-cach-hanh-chinh-2025!"
TITLE = "Xã Đức Thọ tiếp nhận hồ sơ đất đai trực tuyến"
SUMMARY = "Người dân nộp hồ sơ qua Cổng Dịch vụ công, không phải đến trụ sở."
BODY = "Bộ phận Một cửa hướng dẫn từng bước ngay trên điện thoại."
# Wagtail's unsaved-changes check takes its first snapshot of the form 2 s after it opens.
SNAPSHOT_DELAY_S = 2.5


def open_new_article(browser: Browser, portal: Portal) -> Page:
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
    time.sleep(SNAPSHOT_DELAY_S)
    return page


def type_summary_body_and_topic(page: Page) -> None:
    page.locator("#id_summary").click()
    page.keyboard.type(SUMMARY)
    page.locator("button.c-sf-add-button:visible").first.click()
    page.locator("[role=option]:visible").filter(has_text="Đoạn văn").first.click()
    page.locator(".DraftEditor-root").first.click()
    page.keyboard.type(BODY)
    page.locator("input[name=topics]").first.check()


def assert_saved_and_shown_after_reload(page: Page) -> None:
    article = ArticlePage.objects.get(title=TITLE)
    draft = article.get_latest_revision_as_object()
    assert draft.summary == SUMMARY
    assert BODY in str(draft.body)
    assert draft.topics.count() == 1
    page.reload()
    expect(page.locator("#id_summary")).to_have_value(SUMMARY)
    expect(page.locator(".DraftEditor-root").first).to_contain_text(BODY)
    expect(page.locator("input[name=topics]").first).to_be_checked()
    page.context.close()


def test_text_typed_after_the_first_autosave_is_saved(browser: Browser, portal: Portal) -> None:
    page = open_new_article(browser, portal)
    page.locator("#id_title").click()
    page.keyboard.type(TITLE, delay=40)
    page.wait_for_url(re.compile(r"/quan-tri/pages/\d+/edit/"))  # the first autosave created it
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )
    type_summary_body_and_topic(page)
    # Saved without pressing anything: the indicator goes back to "saved" and nothing is pending.
    form = page.locator("#page-edit-form")
    expect(form).to_have_attribute("data-w-unsaved-has-edits-value", "false", timeout=15_000)
    assert_saved_and_shown_after_reload(page)


def test_text_typed_while_the_first_autosave_is_on_its_way_is_saved(
    browser: Browser, portal: Portal
) -> None:
    """The first autosave of a new page is a POST then a GET of the edit form's parts; on the
    demo's SQLite both take a second or more. What the editor types meanwhile must not be taken
    for saved."""
    page = open_new_article(browser, portal)

    def slow(route: Route) -> None:
        time.sleep(3)
        route.continue_()

    page.route(re.compile(r"_w_hydrate_create_view=1"), slow)
    page.locator("#id_title").click()
    page.keyboard.type(TITLE)
    with page.expect_request(re.compile(r"_w_hydrate_create_view=1")):
        pass
    type_summary_body_and_topic(page)
    time.sleep(8)
    assert_saved_and_shown_after_reload(page)


def test_leaving_with_unsaved_changes_asks_first(browser: Browser, portal: Portal) -> None:
    page = open_new_article(browser, portal)
    # Autosave cannot save a page without its title: the change stays unsaved.
    page.locator("#id_summary").click()
    page.keyboard.type(SUMMARY)
    form = page.locator("#page-edit-form")
    expect(form).to_have_attribute("data-w-unsaved-has-edits-value", "true")
    with page.expect_event("dialog") as info:
        page.close(run_before_unload=True)
    assert info.value.type == "beforeunload"
    info.value.dismiss()
    page.context.close()
