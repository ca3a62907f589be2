"""A coordinator schedules an article a minute or two ahead; it goes live by itself (issue 10).

The schedule is typed the Vietnamese way (dd/mm/yyyy HH:MM) into the editor's go-live field, as
an officer would; the periodic runner the demo starts (`manage.py run_periodic`, here in a
thread against the test database, with tasks run inline) publishes it when its minute comes.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from cchc.communes.services import membership_grant
from cchc.portal.models import ArticleIndexPage, ArticlePage
from cchc.portal.tasks import PeriodicRunner
from tests.e2e.conftest import Portal

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NEWS = "/cai-cach-hanh-chinh/tin-tuc/"
TITLE = "Xã Đức Thọ công bố lịch tiếp công dân tháng Mười hai"
SUMMARY = "Chủ tịch Ủy ban nhân dân xã tiếp công dân vào thứ Năm hằng tuần."
PASSWORD = "Cai-cach-hanh-chinh-2025!"
RUNNER_SECONDS = 5


@pytest.fixture
def periodic_runner(portal: Portal) -> Iterator[PeriodicRunner]:
    """The demo's periodic runner, every few seconds, for the length of the test."""
    runner = PeriodicRunner(interval=RUNNER_SECONDS)
    thread = threading.Thread(target=runner.run, name="run_periodic", daemon=True)
    thread.start()
    yield runner
    runner.stop.set()
    thread.join(timeout=30)


def go_live_minute() -> dt.datetime:
    """The start of a minute 60 to 120 seconds ahead (the field has minutes, not seconds)."""
    soon = timezone.localtime(timezone.now(), HANOI) + dt.timedelta(seconds=60)
    return soon.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)


def sign_in(browser: Browser, portal: Portal, path: str, username: str) -> Page:
    page = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    page.goto(portal.url + path)
    expect(page).to_have_url(re.compile(r"/quan-tri/login/\?next="))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(portal.url + path)
    return page


def type_schedule(page: Page, field: Locator, text: str) -> None:
    """Type into a go-live field as an officer would, then leave it with every picker closed.

    Not with Tab: Tab lands in the expiry field, whose own picker opens 100 ms later and covers
    the dialog's save button (it did in CI). Blurring closes the picker (`blur.xdsoft`).
    """
    field.click()
    field.press_sequentially(text)
    field.blur()
    # A picker whose 100 ms opening timer fired after the blur stays open; a press elsewhere on
    # the page closes every picker (xdsoft's own `mousedown` on the body), not the dialog.
    page.evaluate("document.body.dispatchEvent(new MouseEvent('mousedown', {bubbles: true}))")
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)


def click_action(page: Page, name: str) -> None:
    """The footer's action, unfolding its menu when the action is not the main button."""
    button = page.locator(f"footer button[name={name}]")
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    button.click()


def test_a_scheduled_article_goes_live_by_itself(
    browser: Browser, page: Page, portal: Portal, periodic_runner: PeriodicRunner
) -> None:
    coordinator = get_user_model().objects.create_user(username="dieuphoi", password=PASSWORD)
    membership_grant(user=coordinator, commune=portal.commune, role="coordinator")
    news = ArticleIndexPage.objects.descendant_of(portal.commune.root_page).get()
    page.goto(portal.url + NEWS)  # the public list, now in the page cache
    expect(page.get_by_role("main")).not_to_contain_text(TITLE)

    # The coordinator writes the article and sets its go-live in the schedule dialog.
    editing = sign_in(
        browser, portal, f"/quan-tri/pages/add/portal/articlepage/{news.pk}/", "dieuphoi"
    )
    editing.locator("#id_title").fill(TITLE)
    editing.locator("#id_summary").fill(SUMMARY)
    go_live = go_live_minute()
    typed = go_live.strftime("%d/%m/%Y %H:%M")
    editing.locator("[data-side-panel-toggle=status]").click()
    editing.locator("[data-a11y-dialog-show=schedule-publishing-dialog]").first.click()
    field = editing.locator("#schedule-publishing-dialog #id_go_live_at")
    type_schedule(editing, field, typed)
    expect(field).to_have_value(typed)
    editing.locator("#schedule-publishing-dialog button.action-save").click()
    editing.wait_for_url(lambda url: "/add/" not in url)

    # The schedule is saved as typed (day first), then made effective: "Schedule to publish".
    article = ArticlePage.objects.get(title=TITLE)
    assert article.go_live_at == go_live, f"typed {typed}, stored {article.go_live_at}"
    click_action(editing, "action-publish")
    expect(editing.locator(".messages")).to_be_visible()
    article.refresh_from_db()
    assert article.live is False, "scheduled, not published at once"
    assert ArticlePage.objects.get(pk=article.pk).scheduled_revision is not None
    editing.context.close()

    # Before its minute the public page does not show it; after, it does, by itself.
    page.goto(portal.url + NEWS)
    expect(page.get_by_role("main")).not_to_contain_text(TITLE)
    deadline = go_live + dt.timedelta(seconds=RUNNER_SECONDS * 3 + 20)
    while timezone.now() < deadline:
        page.goto(portal.url + NEWS)
        if TITLE in page.get_by_role("main").inner_text():
            break
        time.sleep(2)
    published_at = timezone.now()
    link = page.get_by_role("main").get_by_role("link", name=TITLE)
    expect(link).to_be_visible()
    assert published_at >= go_live, "published before its time"
    article.refresh_from_db()
    assert article.live is True
    assert article.first_published_at >= go_live
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_a_refused_schedule_opens_its_dialog_with_the_message_in_vietnamese(
    browser: Browser, portal: Portal
) -> None:
    from cchc.formats.fields import DATETIME_INVALID

    coordinator = get_user_model().objects.create_user(username="dieuphoi2", password=PASSWORD)
    membership_grant(user=coordinator, commune=portal.commune, role="coordinator")
    news = ArticleIndexPage.objects.descendant_of(portal.commune.root_page).get()
    editing = sign_in(
        browser, portal, f"/quan-tri/pages/add/portal/articlepage/{news.pk}/", "dieuphoi2"
    )
    editing.locator("#id_title").fill(TITLE)
    editing.locator("#id_summary").fill(SUMMARY)
    editing.locator("[data-side-panel-toggle=status]").click()
    editing.locator("[data-a11y-dialog-show=schedule-publishing-dialog]").first.click()
    field = editing.locator("#schedule-publishing-dialog #id_go_live_at")
    # A slip of the year; the picker rewrites it "13/12/226 08:00", which the server refuses.
    type_schedule(editing, field, "13/12/0226 08:00")
    editing.locator("#schedule-publishing-dialog button.action-save").click()

    dialog = editing.locator("#schedule-publishing-dialog")
    expect(dialog).to_be_visible()  # opened by itself on the returned form
    expect(dialog.locator(".error-message")).to_have_text(DATETIME_INVALID)
    assert not ArticlePage.objects.filter(title=TITLE).exists()
    editing.context.close()
