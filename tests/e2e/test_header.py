"""The header's brand reads well from a 320 px phone to a 1920 px screen (issue 11, decision 0018).

On a 1280 px screen the menu used to take its full one-line width beside the brand, leaving
"Ủy ban nhân dân xã Đức Thọ" a column one word wide (six lines).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from cchc.portal.about import PATH_EN, TITLE_EN

from .conftest import HOST_B, Portal, _url

pytestmark = pytest.mark.browser

WIDTHS = [320, 360, 768, 1280, 1920]
MIN_BRAND_WIDTH = 240  # px: a phone's whole column (288 px at 320) is more; one word is less

# Lines of the brand's name (its province line left out): the distinct tops of its text boxes.
NAME_LINES = """(brand) => {
  const tops = [];
  const walker = document.createTreeWalker(brand, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(".brand-province, small")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const box of range.getClientRects()) {
      if (box.width > 0 && !tops.some((top) => Math.abs(top - box.top) < 4)) tops.push(box.top);
    }
  }
  return tops.length;
}"""


def _brand_at_each_width(page: Page, url: str) -> dict[int, tuple[float, int, bool]]:
    """{viewport width: (brand box width, lines of the committee's name, page scrolls sideways)}"""
    page.goto(url + "/")
    brand = page.locator(".site-header .brand")
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        box = brand.bounding_box()
        assert box is not None
        sideways = page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        found[width] = (box["width"], brand.evaluate(NAME_LINES), sideways)
    return found


def _assert_readable(found: dict[int, tuple[float, int, bool]]) -> None:
    for width, (box_width, lines, sideways) in found.items():
        assert box_width >= MIN_BRAND_WIDTH, f"brand {box_width:.0f} px wide at {width} px"
        assert 1 <= lines <= 2, f"committee name on {lines} lines at {width} px"
        assert not sideways, f"the page scrolls sideways at {width} px"


def test_the_brand_stays_readable_at_every_width(page: Page, portal: Portal):
    found = _brand_at_each_width(page, portal.url)

    _assert_readable(found)
    assert found[1280][1] == 1  # "Ủy ban nhân dân xã Đức Thọ" on one line on a laptop


def test_the_longest_commune_name_takes_two_lines_at_most(page: Page, portal: Portal, live_server):
    # Phường Văn Miếu - Quốc Tử Giám, Hà Nội: the longest name of the 2025 catalogue.
    call_command("commune_add", "196", "--host", HOST_B)

    found = _brand_at_each_width(page, _url(live_server, HOST_B))

    _assert_readable(found)


def test_the_footer_links_the_english_page_that_exists(page: Page, portal: Portal):
    page.goto(portal.url + "/")
    page.locator(".site-footer").get_by_role("link", name="English").click()

    expect(page).to_have_url(portal.url + PATH_EN)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)
