"""axe-core on the public pages a visitor goes through: no serious or critical violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from cchc.portal.models import ArticlePage
from cchc.procedures.models import Procedure
from tests.e2e.conftest import ARTICLE_PATH, PROCEDURE_CODE, PROCEDURE_NAME, Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PAGES = {
    "trang chủ": "/",
    "chuyên mục Cải cách hành chính": "/cai-cach-hanh-chinh/",
    "tin bài": ARTICLE_PATH,
    "danh mục thủ tục hành chính": "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/",
    "thủ tục hành chính": f"/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/{PROCEDURE_CODE}/",
    "kết quả tìm kiếm": "/tim-kiem/?q=dang+ky+khai+sinh",
}
BLOCKING = {"serious", "critical"}


def violations(page: Page) -> list[tuple[str, str]]:
    """(impact, description) per axe rule broken on the page, with the offending nodes."""
    results = Axe().run(page)
    return [
        (
            violation["impact"] or "unknown",
            f"{violation['id']} [{violation['impact']}] {violation['help']}: "
            + "; ".join(str(node["target"]) for node in violation["nodes"]),
        )
        for violation in results.response["violations"]
    ]


def test_axe_finds_no_serious_or_critical_violation_on_the_pages_a_visitor_goes_through(
    page: Page, portal: Portal, article: ArticlePage, procedure: Procedure
) -> None:
    blocking: list[str] = []
    for name, path in PAGES.items():
        response = page.goto(portal.url + path)
        assert response is not None and response.ok, f"{name} ({path}) did not load"
        if path.startswith("/tim-kiem/"):  # audit a results page that has results
            expect(
                page.get_by_role("main").get_by_role("link", name=PROCEDURE_NAME)
            ).not_to_have_count(0)
        for impact, line in violations(page):
            print(f"{name} ({path}): {line}")  # moderate and minor ones too, for the record
            if impact in BLOCKING:
                blocking.append(f"{name} ({path}): {line}")
    assert not blocking, "serious/critical axe-core violations:\n" + "\n".join(blocking)
