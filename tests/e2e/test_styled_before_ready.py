"""DOMContentLoaded waits for the stylesheet, so the page is laid out once, styled (decision 0018).

Chrome's form autofill lays the page out at DOMContentLoaded. When the stylesheet arrived later,
the whole page (the procedure list's table included) was laid out twice, first unstyled: the long
task behind the procedure list's blocking time in Lighthouse.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from .conftest import Portal

pytestmark = pytest.mark.browser

RECORD_DCL = (
    "window.__dcl = false;"
    "document.addEventListener('DOMContentLoaded', () => { window.__dcl = true; });"
)
# The page's own timer: by then a DOMContentLoaded not held back would have fired.
DCL_AFTER_A_MOMENT = "() => new Promise((done) => setTimeout(() => done(window.__dcl), 100))"


def wait_for(page: Page, expression: str, seconds: float = 10) -> None:
    """Poll with page.evaluate: Playwright's wait_for_function evaluates its predicate with eval,
    which the public pages' CSP (script-src 'self', no 'unsafe-eval') refuses."""
    for _ in range(int(seconds / 0.05)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"not true within {seconds} s: {expression}")


def test_dom_content_loaded_waits_for_the_stylesheet(page: Page, portal: Portal):
    held: list[Route] = []
    page.add_init_script(RECORD_DCL)
    page.route("**/static/portal/site*.css", lambda route: held.append(route))

    page.goto(portal.url + "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/", wait_until="commit")
    wait_for(page, "document.readyState !== 'loading'")  # the whole page is parsed

    assert len(held) == 1
    assert page.evaluate(DCL_AFTER_A_MOMENT) is False
    held[0].continue_()
    wait_for(page, "window.__dcl === true")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "system-ui" in font
