"""Cheap phones and paper: page weight at phone size, print styles, sharing metadata."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, Response, expect
from playwright.sync_api import Error as PlaywrightError

from cchc.portal.models import ArticlePage
from cchc.procedures.models import Procedure
from tests.e2e.conftest import ARTICLE_PATH, ARTICLE_SUMMARY, ARTICLE_TITLE, Portal, publish_article

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 360, "height": 740}
BUDGET_BYTES = 150 * 1024


def bytes_of(response: Response) -> int:
    """Headers plus body as sent (the larger of the decoded body and the encoded transfer)."""
    sizes = response.request.sizes()
    try:
        body = len(response.body())
    except PlaywrightError:  # a redirect has no body to read
        body = 0
    return sizes["responseHeadersSize"] + max(body, sizes["responseBodySize"])


def first_load(browser: Browser, url: str) -> tuple[int, list[str]]:
    """Everything a phone with an empty cache downloads to show `url`."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    try:
        page = context.new_page()
        responses: list[Response] = []
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        weights = [(bytes_of(r), r.url) for r in responses]
    finally:
        context.close()
    return sum(w for w, _ in weights), [f"{w:>8} B  {u}" for w, u in weights]


def test_home_and_section_weigh_under_150_kb_on_first_load_at_phone_size(
    browser: Browser, portal: Portal, procedure: Procedure
) -> None:
    for n in range(6):  # a realistic front page: the latest news fills its lists
        publish_article(
            portal.commune,
            f"Tin cải cách hành chính số {n + 1}: tiếp nhận hồ sơ trực tuyến tại xã",
            f"tin-cai-cach-hanh-chinh-{n + 1}",
            "Người dân được hướng dẫn nộp hồ sơ và thanh toán trực tuyến. " * 3,
        )
    reports, over = [], []
    for path in ["/", "/cai-cach-hanh-chinh/"]:
        total, lines = first_load(browser, portal.url + path)
        reports.append(
            f"{path}: {total / 1024:.1f} KB in {len(lines)} responses\n" + "\n".join(lines)
        )
        if total >= BUDGET_BYTES:
            over.append(path)
    print("\n".join(reports))
    assert not over, f"over {BUDGET_BYTES // 1024} KB: {over}\n" + "\n".join(reports)


def test_printing_an_article_hides_the_site_header_and_navigation(
    page: Page, portal: Portal, article: ArticlePage
) -> None:
    page.goto(portal.url + ARTICLE_PATH)

    def display(selector: str) -> str:
        return page.locator(selector).first.evaluate("el => getComputedStyle(el).display")

    assert display(".site-header") != "none", "the header must show on screen"
    page.emulate_media(media="print")
    assert display(".site-header") == "none"
    expect(page.locator("header nav")).to_be_hidden()
    expect(page.locator("form[role=search]")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)
    expect(page.get_by_role("main")).to_contain_text(ARTICLE_SUMMARY)


def test_an_article_carries_open_graph_tags_for_sharing_on_zalo_and_facebook(
    page: Page, portal: Portal, article: ArticlePage
) -> None:
    page.goto(portal.url + ARTICLE_PATH)

    def og(prop: str) -> str | None:
        return page.locator(f'meta[property="og:{prop}"]').get_attribute("content")

    assert og("type") == "article"
    assert og("title") == ARTICLE_TITLE
    assert og("description") == ARTICLE_SUMMARY
    assert og("url") == portal.url + ARTICLE_PATH
    assert og("site_name") == "Xã Đức Thọ"
    assert og("locale") == "vi_VN"
