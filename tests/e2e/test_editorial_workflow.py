"""An editor's article goes through the commune's approval workflow to the public site."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from cchc.communes.services import membership_grant
from cchc.portal.models import ArticleIndexPage, ArticlePage
from tests.e2e.conftest import Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NEWS = "/cai-cach-hanh-chinh/tin-tuc/"
FEED = "/cai-cach-hanh-chinh/rss.xml"
TITLE = "Bộ phận Một cửa xã Đức Thọ tiếp nhận hồ sơ khai sinh trực tuyến"
SUMMARY = "Từ tháng này, người dân nộp hồ sơ khai sinh qua Cổng Dịch vụ công quốc gia."
PASSWORD = "Cai-cach-hanh-chinh-2025!"


def signed_in_page(browser: Browser, portal: Portal, path: str, username: str) -> Page:
    """Open a back-office page: the admin asks for the login first, then goes on to `path`."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(portal.url + path)
    expect(page).to_have_url(re.compile(r"/quan-tri/login/\?next="))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(portal.url + path)
    return page


def open_action_menu(page: Page) -> None:
    """Unfold the editor footer's action menu (the arrow beside the main button)."""
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()


def test_an_editors_article_is_public_and_in_the_feed_only_after_the_coordinator_approves_it(
    browser: Browser, page: Page, portal: Portal
) -> None:
    users = get_user_model().objects
    editor = users.create_user(username="bientapvien", password=PASSWORD)
    membership_grant(user=editor, commune=portal.commune, role="editor")
    coordinator = users.create_user(username="dieuphoivien", password=PASSWORD)
    membership_grant(user=coordinator, commune=portal.commune, role="coordinator")
    news = ArticleIndexPage.objects.descendant_of(portal.commune.root_page).get()

    # The editor writes the article under "Tin tức" and submits it to the workflow.
    editing = signed_in_page(
        browser, portal, f"/quan-tri/pages/add/portal/articlepage/{news.pk}/", "bientapvien"
    )
    editing.locator("#id_title").fill(TITLE)
    editing.locator("#id_summary").fill(SUMMARY)
    open_action_menu(editing)
    editing.locator("button[name=action-submit]").click()
    editing.wait_for_url(lambda url: "/add/" not in url)
    editing.context.close()

    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live, "submitting for moderation must not publish"
    assert article.workflow_in_progress, "the article must wait in the commune's workflow"
    page.goto(portal.url + NEWS)
    expect(page.get_by_role("main")).not_to_contain_text(TITLE)

    # The coordinator approves it from the page editor's action menu.
    reviewing = signed_in_page(
        browser, portal, f"/quan-tri/pages/{article.pk}/edit/", "dieuphoivien"
    )
    open_action_menu(reviewing)
    approve = reviewing.locator(
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    )
    approve.click()
    reviewing.wait_for_url(lambda url: "/edit/" not in url)
    reviewing.context.close()

    # Public news page, the article itself, and the RSS feed.
    page.goto(portal.url + NEWS)
    link = page.get_by_role("main").get_by_role("link", name=TITLE)
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text(SUMMARY)

    feed = page.request.get(portal.url + FEED)
    assert feed.ok, f"{FEED} answered {feed.status}"
    assert "xml" in feed.headers["content-type"], feed.headers["content-type"]
    assert f"<title>{TITLE}</title>" in feed.text(), feed.text()[:2000]
