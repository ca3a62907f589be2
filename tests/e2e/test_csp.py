"""Chromium enforces the Content-Security-Policy: public pages and the page editor with its
live preview run without a single violation (issue 9 part 5, decision 0011)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, expect

from cchc.communes.services import membership_grant
from cchc.portal.models import ArticlePage
from cchc.procedures.models import Procedure
from tests.e2e.conftest import ARTICLE_PATH, ARTICLE_TITLE, Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Cai-cach-hanh-chinh-2025!"
# Every frame records the violations it sees (report-only ones too) before any page script.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI} ${where}`);
}, true);
"""
CSP_CONSOLE = re.compile(r"Content Security Policy|Refused to", re.IGNORECASE)


class Violations:
    """CSP violations of a browser context: console reports and securitypolicyviolation events."""

    def __init__(self, context: BrowserContext) -> None:
        self.console: list[str] = []
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("console", self._on_console)

    def _on_console(self, message: ConsoleMessage) -> None:
        if CSP_CONSOLE.search(message.text):
            self.console.append(message.text)

    def of(self, page) -> list[str]:  # type: ignore[no-untyped-def]
        events: list[str] = []
        for frame in page.frames:
            events += frame.evaluate("window.__cspViolations || []")
        return self.console + events


def test_public_pages_raise_no_csp_violation(
    context: BrowserContext, portal: Portal, article: ArticlePage, procedure: Procedure
) -> None:
    violations = Violations(context)
    page = context.new_page()
    for path in (
        "/",
        "/cai-cach-hanh-chinh/",
        ARTICLE_PATH,
        "/tim-kiem/?q=dang+ky+khai+sinh",
        f"/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/{procedure.code}/",
    ):
        response = page.goto(portal.url + path)
        assert response is not None and response.ok, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert violations.of(page) == [], path
    # The stylesheet applied (a refused one would leave the header unstyled).
    header = page.locator(".site-header")
    expect(header).to_have_css("background-color", "rgb(163, 22, 15)")


def test_the_page_editor_and_its_live_preview_raise_no_csp_violation(
    browser: Browser, portal: Portal, article: ArticlePage
) -> None:
    coordinator = get_user_model().objects.create_user(username="dieuphoi", password=PASSWORD)
    membership_grant(user=coordinator, commune=portal.commune, role="coordinator")
    context = browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000})
    violations = Violations(context)
    page = context.new_page()
    page.goto(f"{portal.url}/quan-tri/pages/{article.pk}/edit/")
    page.locator("#id_username").fill("dieuphoi")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page.locator("#id_title")).to_have_value(ARTICLE_TITLE)

    # The rich text editor (Draftail writes <style> elements) and a new StreamField block.
    page.locator(".DraftEditor-root").first.click()
    page.keyboard.type(" Thêm một câu.")
    page.locator("button.c-sf-add-button:visible").first.click()
    page.locator("[role=option]:visible").filter(has_text="Trích dẫn").first.click()

    # The live preview panel: Wagtail's preview view, framed by the editor (same origin).
    page.locator("button[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("iframe[title]").first
    expect(preview.locator("h1")).to_have_text(ARTICLE_TITLE)
    page.wait_for_timeout(500)
    assert violations.of(page) == []
    context.close()
