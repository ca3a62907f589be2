"""A visitor on a phone finds a procedure: home → reform section → search → procedure."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from cchc.procedures.models import Procedure
from tests.e2e.conftest import PROCEDURE_CODE, PROCEDURE_NAME, Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SECTION = "/cai-cach-hanh-chinh/"
CATALOGUE = "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/"
DETAIL = f"{CATALOGUE}{PROCEDURE_CODE}/"


def search_without_accents(page: Page, words: str = "dang ky khai sinh") -> None:
    """Type into the header's search box and submit it with the Enter key, as people do."""
    box = page.get_by_role("searchbox", name="Tìm kiếm")
    box.fill(words)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=dang\+ky\+khai\+sinh$"))


def test_a_new_visitor_reaches_birth_registration_from_the_home_page_typing_no_accents(
    page: Page, portal: Portal, procedure: Procedure
) -> None:
    page.goto(portal.url + "/")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Cải cách hành chính"
    ).click()
    expect(page).to_have_url(portal.url + SECTION)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cải cách hành chính")

    search_without_accents(page)
    result = page.get_by_role("main").get_by_role("link", name=PROCEDURE_NAME)
    expect(result.first).to_be_visible()
    result.first.click()

    expect(page).to_have_url(portal.url + DETAIL)
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROCEDURE_NAME)
    expect(page.get_by_role("main")).to_contain_text(PROCEDURE_CODE)


def test_without_javascript_home_section_catalogue_and_search_still_work(
    browser: Browser, portal: Portal, procedure: Procedure
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(portal.url + "/")

        # The home page's reform block, then the section's own tile for the catalogue.
        page.locator(".reform-hero").get_by_role(
            "link", name="Chuyên mục Cải cách hành chính"
        ).click()
        expect(page).to_have_url(portal.url + SECTION)
        page.get_by_role("navigation", name="Mục trong chuyên mục").get_by_role(
            "link", name="Thủ tục hành chính"
        ).click()
        expect(page).to_have_url(portal.url + CATALOGUE)
        catalogue_link = page.get_by_role("main").get_by_role("link", name=PROCEDURE_NAME)
        expect(catalogue_link.first).to_be_visible()

        search_without_accents(page)
        result = page.get_by_role("main").get_by_role("link", name=PROCEDURE_NAME)
        expect(result.first).to_be_visible()
        result.first.click()
        expect(page).to_have_url(portal.url + DETAIL)
        expect(page.get_by_role("main")).to_contain_text(PROCEDURE_CODE)
    finally:
        context.close()


def test_a_neighbouring_commune_neither_lists_nor_serves_another_communes_procedure(
    page: Page, neighbour: Portal, procedure: Procedure
) -> None:
    page.goto(neighbour.url + "/")
    expect(page).to_have_title(re.compile("Phường Nguyệt Viên"))
    search_without_accents(page)
    expect(page.get_by_role("main").get_by_role("link", name=PROCEDURE_NAME)).to_have_count(0)

    response = page.goto(neighbour.url + DETAIL)
    assert response is not None
    assert response.status == 404, f"{neighbour.url + DETAIL} answered {response.status}"

    page.goto(neighbour.url + CATALOGUE)
    expect(page.get_by_role("main").get_by_role("link", name=PROCEDURE_NAME)).to_have_count(0)
