"""A coordinator's walk of the main back-office pages finds no English phrase (issue 10, item 5).

What counts as English: the phrases, and the longer single words, of Wagtail's English catalogues
(`wagtail/**/locale/en/LC_MESSAGES/*.po`, the strings its admin can show) and of Django's,
looked for in what the browser actually shows (`innerText`: no hidden dialog, no closed tab, but
the text that scripts draw, such as the sidebar and the rich-text editor), and the word "Wagtail"
itself, in the text and in the window title.
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import django
import polib
import pytest
import wagtail
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from playwright.sync_api import Page, expect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupCollectionPermission

from cchc.communes.services import membership_grant
from cchc.portal.models import ArticleIndexPage, ArticlePage
from cchc.procedures.models import Procedure
from tests.e2e.conftest import Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Cai-cach-hanh-chinh-2025!"
COORDINATOR = "dieuphoi"
DRAFT_TITLE = "Lịch tiếp công dân tháng 12 của Chủ tịch UBND xã"

WAGTAIL = Path(wagtail.__file__).parent
DJANGO = Path(django.__file__).parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
# Words of any script, so that a Vietnamese word stays whole ("Hợp" is not "H" and "p").
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

# English a Vietnamese screen may show: names, not phrases to translate. Kept short on purpose.
ALLOWED = {
    "Wagtail API v2",  # never on these pages; listed as the one msgid that is a product name
}


def catalogues() -> list[Path]:
    """Wagtail's English catalogues, and Django's own (form errors, "5 minutes" on listings)."""
    return [
        *WAGTAIL.rglob("locale/en/LC_MESSAGES/*.po"),
        DJANGO / "conf/locale/en/LC_MESSAGES/django.po",
        DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
    ]


@cache
def english_phrases() -> dict[str, str]:
    """What the catalogues' msgids say between their placeholders and tags, by lower-case form
    ("Save draft" and "Save Draft" are one): runs of two words or more, and single words of four
    letters or more ("Password", "minutes"; shorter ones such as "in" are Vietnamese too)."""
    phrases: dict[str, str] = {}
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                for part in PLACEHOLDER.split(TAG.sub("\n", msgid)):
                    for line in part.splitlines():
                        words = WORD.findall(line)
                        phrase = " ".join(words)
                        if phrase in ALLOWED or not words:
                            continue
                        if len(words) >= 2 or (len(phrase) >= 4 and not phrase.isupper()):
                            phrases.setdefault(phrase.lower(), phrase)
    return phrases


def english_in(text: str) -> list[str]:
    """The English phrases in a page's text, matched on whole words, whatever the case (CSS
    `text-transform: uppercase` reaches innerText) and whatever the spacing."""
    flat = " ".join(WORD.findall(text)).lower()  # the words, in order, without punctuation
    padded = f" {flat} "
    found = [p for key, p in english_phrases().items() if f" {key} " in padded]
    # "Save" and "draft" are not reported again beside "Save draft".
    found = [
        p for p in found if not any(q != p and f" {p.lower()} " in f" {q.lower()} " for q in found)
    ]
    if re.search(r"\bwagtail\b", text, re.IGNORECASE):
        found.append("Wagtail")
    return found


def check(page: Page, where: str, problems: list[str]) -> None:
    text = page.locator("body").inner_text()
    problems += [f"{where}: {phrase!r}" for phrase in english_in(text)]
    if "wagtail" in page.title().lower():
        problems.append(f"{where}: title {page.title()!r}")


def png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (80, 50), (163, 22, 15)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def office(portal: Portal, article: ArticlePage, procedure: Procedure) -> Portal:
    """Commune A as its coordinator finds it in the demo: a published article, a draft waiting
    in the approval workflow, an image, a document and a procedure, so that the listings and
    reports show rows and column headers rather than "nothing here yet"."""
    users = get_user_model().objects
    coordinator = users.create_user(username=COORDINATOR, password=PASSWORD)
    membership_grant(user=coordinator, commune=portal.commune, role="coordinator")
    editor = users.create_user(username="bientap", password=PASSWORD)
    membership_grant(user=editor, commune=portal.commune, role="editor")

    news = ArticleIndexPage.objects.descendant_of(portal.commune.root_page).get()
    draft = ArticlePage(title=DRAFT_TITLE, slug="lich-tiep-cong-dan", summary="Lịch tiếp dân.")
    news.add_child(instance=draft)
    draft.save_revision(user=editor)
    draft.get_workflow().start(draft, editor)

    # The commune's own collection: the one its coordinators' group has permissions on.
    collection = GroupCollectionPermission.objects.filter(group__user=coordinator)[0].collection
    get_image_model().objects.create(
        title="Hội nghị cải cách hành chính",
        file=ImageFile(io.BytesIO(png()), name="hoi-nghi.png"),
        collection=collection,
        uploaded_by_user=coordinator,
    )
    get_document_model().objects.create(
        title="Kế hoạch tuyên truyền cải cách hành chính năm 2026",
        file=ContentFile(b"Ke hoach.\n", name="ke-hoach.txt"),
        collection=collection,
        uploaded_by_user=coordinator,
    )
    return portal


def sign_in(page: Page, portal: Portal, problems: list[str]) -> None:
    page.goto(portal.url + "/quan-tri/login/")
    expect(page.locator("#id_username")).to_be_visible()
    check(page, "đăng nhập", problems)
    page.locator("#id_username").fill(COORDINATOR)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(portal.url + "/quan-tri/")


def visit(page: Page, portal: Portal, path: str, ready: str, problems: list[str]) -> None:
    """Open a page, wait for `ready` (a selector of what its scripts draw last), check its text."""
    response = page.goto(portal.url + path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    expect(page.locator(ready).first).to_be_visible()
    check(page, path, problems)


def test_a_coordinators_walk_of_the_back_office_finds_no_english_phrase(
    page: Page, office: Portal
) -> None:
    assert len(english_phrases()) > 1000  # the catalogues were read
    # Neither the case nor the spacing hides a phrase; Vietnamese words make no English one.
    assert [p.lower() for p in english_in("Hủy  SAVE\nDRAFT")] == ["save draft"]
    assert english_in("Password*") == ["Password"]
    assert english_in("Lưu nháp, xuất bản, gửi duyệt, trang tổng quan") == []
    problems: list[str] = []
    news = ArticleIndexPage.objects.descendant_of(office.commune.root_page).get()

    sign_in(page, office, problems)

    # Dashboard, with the sidebar's help and reports submenus unfolded.
    expect(page.locator("[data-wagtail-sidebar] nav")).to_be_visible()
    check(page, "/quan-tri/", problems)
    for menu in ("Trợ giúp", "Báo cáo"):
        page.get_by_role("button", name=menu, exact=True).click()
        check(page, f"/quan-tri/ ({menu})", problems)
        page.keyboard.press("Escape")

    # The help menu's first guide is the project's staff guide, in the back office.
    page.get_by_role("button", name="Trợ giúp", exact=True).click()
    help_menu = page.get_by_role("list", name="Trợ giúp")
    help_menu.get_by_role("link", name="Hướng dẫn cán bộ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hướng dẫn cho cán bộ xã, phường")
    check(page, "hướng dẫn cán bộ", problems)

    visit(page, office, f"/quan-tri/pages/{office.commune.root_page_id}/", "table", problems)
    visit(page, office, f"/quan-tri/pages/{news.pk}/", "table", problems)

    # The article form: every tab, and the footer's action menu unfolded.
    add = f"/quan-tri/pages/add/portal/articlepage/{news.pk}/"
    visit(page, office, add, "#id_title", problems)
    for tab in page.get_by_role("tab").all():
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        check(page, f"{add} ({tab.inner_text().strip()})", problems)
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    expect(page.locator("footer [data-w-dropdown-target=content]").first).to_be_visible()
    check(page, f"{add} (thao tác)", problems)

    for path in (
        "/quan-tri/images/",
        "/quan-tri/images/multiple/add/",
        "/quan-tri/documents/",
        "/quan-tri/documents/multiple/add/",
        "/quan-tri/reports/site-history/",
        "/quan-tri/reports/aging-pages/",
        "/quan-tri/reports/page-types-usage/",
        "/quan-tri/reports/workflow/",
        "/quan-tri/reports/workflow_tasks/",
        "/quan-tri/thong-ke/",
    ):
        visit(page, office, path, "main", problems)

    assert not problems, "English on the back office:\n" + "\n".join(problems)
