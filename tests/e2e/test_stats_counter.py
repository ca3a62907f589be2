"""The reform section's public counter moves for a new visitor and not for a reload.

The section page may come from the page cache, but the counting middleware records every
response and fills the counter's placeholders on the way out. The figures are cached for
`counter.CACHE_SECONDS`, so a page can show figures up to that old: the test reloads until the
new figure shows (a reload is never counted), the way a visitor would see it move.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from cchc.analytics import counter
from tests.e2e.conftest import TIMEOUT_MS, Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SECTION = "/cai-cach-hanh-chinh/"
# Headless Chromium says "HeadlessChrome", which is rightly not counted: people's browsers.
PHONE = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/129.0.6668.100 Mobile Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1"
)
SETTLE_SECONDS = counter.CACHE_SECONDS + 5  # the figures' cache, and a margin for a busy box


@contextlib.contextmanager
def visitor(browser: Browser, user_agent: str) -> Iterator[BrowserContext]:
    """A browser of its own (no shared cache or connection) with a person's user agent."""
    context = browser.new_context(
        user_agent=user_agent, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


def figures(page: Page) -> dict[str, int]:
    """The counter as the page shows it (Vietnamese thousands separator: 1.234)."""
    return {
        name: int(page.locator(f"[data-stat={name}]").inner_text().strip().replace(".", ""))
        for name in ("today", "month", "total")
    }


def reload_until(page: Page, today: int) -> dict[str, int]:
    """Reload (not counted) until the page shows `today`, for at most SETTLE_SECONDS."""
    deadline = time.monotonic() + SETTLE_SECONDS
    shown = figures(page)
    while shown["today"] != today and time.monotonic() < deadline:
        time.sleep(0.5)
        page.reload()
        shown = figures(page)
    return shown


def test_a_new_visitor_moves_the_counter_by_one_and_a_reload_does_not(
    browser: Browser, portal: Portal
) -> None:
    with visitor(browser, PHONE) as first:
        page = first.new_page()
        page.goto(portal.url + SECTION)
        before = figures(page)
        # The first view itself is counted; nothing else has visited this fresh commune.
        assert before["today"] >= 1
        assert before["month"] >= before["today"] and before["total"] >= before["month"]

        with visitor(browser, IPHONE) as second:
            other = second.new_page()
            other.goto(portal.url + SECTION)
            after = reload_until(other, before["today"] + 1)
            assert after == {name: value + 1 for name, value in before.items()}

            # Reloads within 30 minutes: once the figures' cache has expired, still the same.
            time.sleep(counter.CACHE_SECONDS + 0.5)
            other.reload()
            assert figures(other) == after
            page.reload()
            assert figures(page) == after

            # The JSON API gives the same figures as the page (for the commune of the host name).
            response = other.request.get(portal.url + "/api/stats/section")
            assert response.ok
            assert response.json() == after
