"""Browser fixtures: one headless Debian Chromium for the e2e package, a fresh context per test.

The live server answers at http://localhost:<port>; the commune under test owns the host name
"localhost" and a second commune owns "127.0.0.1", so both are reachable on the same server and
the CommuneMiddleware tells them apart by host name alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from wagtail.models import Page as WagtailPage
from wagtail.models import Site
from wagtail.rich_text import RichText

from cchc.communes.models import Commune
from cchc.communes.services import CommuneSpec
from cchc.portal.models import ArticleIndexPage, ArticlePage
from cchc.portal.provisioning import commune_create
from cchc.procedures.models import Procedure

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)

HOST_A = "localhost"
HOST_B = "127.0.0.1"


@dataclass(frozen=True)
class Portal:
    """A commune and the live server's base URL under its host name."""

    commune: Commune
    url: str


@pytest.fixture(scope="package")
def migrated_data(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The rows the migrations created (root page, locale, root collection…), as JSON.

    Read before Playwright starts: once its asyncio loop runs in the main thread, asgiref hands
    Django a context-local connection object that lacks the serialized copy pytest-django made.
    """
    from django.db import connections

    data = getattr(connections["default"], "_test_serialized_contents", "")
    assert data, "the e2e fixtures need the test database serialized (serialized rollback)"
    yield data
    # The last test's flush leaves the database empty; the tests that run after this package in
    # the same worker expect what the migrations made (root page, topics, synonyms): put it back.
    with django_db_blocker.unblock():
        _restore(data)


def _restore(data: str) -> None:
    """As Django's own serialized rollback: an empty database (no content types and permissions
    recreated after the flush, whose ids would clash), then the copy."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(data)
    ContentType.objects.clear_cache()


@pytest.fixture(scope="package")
def browser(migrated_data: str) -> Iterator[Browser]:
    """One Chromium for the whole e2e package (package scope: the asyncio loop Playwright keeps
    running in the main thread goes away before other packages' tests run in the same worker).

    While that loop runs, Django would refuse every query of the fixtures and of pytest-django's
    flush as "called from an async context": DJANGO_ALLOW_ASYNC_UNSAFE lifts the check for the
    browser's lifetime only, so other packages' tests keep Django's async-safety check.
    """
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def portal(live_server, django_db_serialized_rollback, migrated_data: str) -> Portal:
    """Commune A (xã Đức Thọ, Hà Tĩnh) served at http://localhost:<port>.

    The live server needs a transactional database, whose flush after each test also wipes the
    rows Wagtail's migrations created (root page, locale, root collection); they are restored
    from the serialized copy. The default "localhost" site they include gives way to commune A.
    """
    if not WagtailPage.objects.filter(depth=1).exists():
        _restore(migrated_data)
    for alias in settings.CACHES:  # host-name, site-root and page caches outlive the flush
        caches[alias].clear()
    Site.objects.filter(hostname__in=[HOST_A, HOST_B]).delete()
    commune = commune_create(
        spec=CommuneSpec(42, "Hà Tĩnh", 18229, "Đức Thọ", "xa", "duc-tho"), hostname=HOST_A
    )
    return Portal(commune=commune, url=_url(live_server, HOST_A))


@pytest.fixture
def neighbour(portal: Portal, live_server) -> Portal:
    """Commune B (phường Nguyệt Viên, Thanh Hóa) on the same server, at http://127.0.0.1:<port>."""
    commune = commune_create(
        spec=CommuneSpec(38, "Thanh Hóa", 15925, "Nguyệt Viên", "phuong", "nguyet-vien"),
        hostname=HOST_B,
    )
    return Portal(commune=commune, url=_url(live_server, HOST_B))


def _url(live_server, host: str) -> str:
    return f"http://{host}:{live_server.url.rsplit(':', 1)[1]}"


PROCEDURE_CODE = "1.001193"
PROCEDURE_NAME = "Thủ tục đăng ký khai sinh"
ARTICLE_TITLE = "Xã Đức Thọ đẩy mạnh thanh toán trực tuyến lệ phí hộ tịch"
ARTICLE_SLUG = "day-manh-thanh-toan-truc-tuyen"
ARTICLE_SUMMARY = (
    "Người dân nộp lệ phí hộ tịch qua Cổng Dịch vụ công quốc gia, không dùng tiền mặt."
)
ARTICLE_PATH = f"/cai-cach-hanh-chinh/tin-tuc/{ARTICLE_SLUG}/"


@pytest.fixture
def procedure(portal: Portal) -> Procedure:
    """The birth registration procedure of commune A's catalogue (indexed on save)."""
    return Procedure.objects.create(
        commune=portal.commune,
        code=PROCEDURE_CODE,
        name=PROCEDURE_NAME,
        field="Hộ tịch",
        level="Cấp xã",
        implementing_agency="Ủy ban nhân dân xã Đức Thọ",
        submission_methods="Trực tiếp; trực tuyến; qua dịch vụ bưu chính",
        time_limit="Ngay trong ngày làm việc",
        fee="Miễn lệ phí đăng ký khai sinh đúng hạn",
        papers="Tờ khai đăng ký khai sinh; giấy chứng sinh.",
        steps="Nộp hồ sơ; công chức tư pháp - hộ tịch kiểm tra; trả kết quả.",
        result="Giấy khai sinh (bản chính)",
        legal_basis="Luật Hộ tịch năm 2014",
        national_url=(
            "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html"
            "?ma_thu_tuc=1.001193"
        ),
    )


def publish_article(commune: Commune, title: str, slug: str, summary: str) -> ArticlePage:
    """Publish a news item under commune's "Tin tức" directly (no workflow: fixture data)."""
    index = ArticleIndexPage.objects.descendant_of(commune.root_page).get()
    article = ArticlePage(
        title=title,
        slug=slug,
        summary=summary,
        body=[
            ("heading", "Các bước thanh toán"),
            (
                "paragraph",
                RichText(
                    "<p>Chọn thủ tục, nộp hồ sơ trực tuyến, rồi thanh toán lệ phí bằng tài "
                    "khoản ngân hàng hoặc ví điện tử.</p>"
                ),
            ),
        ],
        author_name="Phòng Văn hóa - Xã hội",
    )
    index.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


@pytest.fixture
def article(portal: Portal) -> ArticlePage:
    """A published news item of commune A's reform section, at ARTICLE_PATH."""
    return publish_article(portal.commune, ARTICLE_TITLE, ARTICLE_SLUG, ARTICLE_SUMMARY)
