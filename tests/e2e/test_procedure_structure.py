"""Procedure pages with structure on a 360 px phone: tables that stack, no sideways scroll."""

from __future__ import annotations

import gzip
import json

import pytest
from playwright.sync_api import Browser, expect

from cchc.procedures.services import procedures_import
from cchc.procedures.tests.conftest import REAL_JSONL_GZ
from tests.e2e.conftest import Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 360, "height": 740}
URL = "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/"
BIRTH = "1.001193"
LONG_LEGAL_BASIS = "1.002759"  # 21 legal bases, titles up to ~590 characters


@pytest.fixture
def national_catalogue(portal: Portal) -> Portal:
    wanted = {BIRTH, LONG_LEGAL_BASIS}
    with gzip.open(REAL_JSONL_GZ, "rt", encoding="utf-8") as handle:
        records = [r for r in map(json.loads, handle) if r["ma_thu_tuc"] in wanted]
    result = procedures_import(
        commune=portal.commune,
        data=json.dumps(records, ensure_ascii=False).encode(),
        filename="quoc-gia.json",
    )
    assert result.created == 2, result.summary()
    return portal


@pytest.mark.parametrize(("code", "legal_rows"), [(BIRTH, 15), (LONG_LEGAL_BASIS, 21)])
def test_a_procedure_page_shows_tables_on_a_phone_without_sideways_scroll(
    browser: Browser, national_catalogue: Portal, code: str, legal_rows: int
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(f"{national_catalogue.url}{URL}{code}/")

        legal = page.locator("table.legal tbody tr")
        expect(legal).to_have_count(legal_rows)
        expect(page.locator("table.methods tbody tr").first).to_be_visible()
        # Stacked on a phone: each cell says what it is.
        expect(legal.first.locator('td[data-label="Số, ký hiệu"]')).to_be_visible()
        expect(
            page.get_by_role("link", name="Xem và nộp hồ sơ trên Cổng Dịch vụ công quốc gia")
        ).to_be_visible()
        expect(page.locator("h2#can-cu")).to_be_visible()
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth,"
            " Math.max(...[...document.querySelectorAll('table')].map(t => t.scrollWidth))]"
        )
        assert widths[0] <= widths[1], f"page scrolls sideways: {widths}"
        assert widths[2] <= widths[1], f"a table is wider than the screen: {widths}"
        if code == BIRTH:
            expect(page.locator("table.papers").first).to_be_visible()
            expect(page.get_by_role("heading", name="Giấy tờ phải xuất trình:")).to_be_visible()
    finally:
        context.close()
