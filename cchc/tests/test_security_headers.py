"""Security headers and deployment (issue 9 part 5; docs/decisions/0011-security-headers.md).

Public pages: a strict Content-Security-Policy and no inline script or style in their HTML; the
back office: its own policy, its widgets started without inline script; Permissions-Policy and
X-Frame-Options DENY everywhere but Wagtail's preview; production settings: HTTPS redirect,
HSTS and a clean `check --deploy`; the demo's /media/ never serves documents inline.
"""

from __future__ import annotations

import importlib.util
import io
import os
import secrets
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtail.models import Collection, Page, get_page_models

from cchc.demo import content
from cchc.demo import services as demo
from cchc.portal.models import ArticleIndexPage, ArticlePage, MediaItemPage
from cchc.procedures.models import Procedure, ProcedureIndexPage

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "media-src": {"'self'"},
    "frame-src": {
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    },
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
REFUSED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort")
VIDEO_URL = "https://www.youtube.com/watch?v=cchc-csp-test"
PROCEDURE_CODE = "1.001193"


def policy(response) -> dict[str, set[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: set(values) for name, *values in parts}


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would refuse: inline <script>, <style>,
    style="" and on…="" attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append(f"<script> without src: {self.getpos()}")
        if tag == "style":
            self.found.append(f"<style>: {self.getpos()}")
        for name, _value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>: {self.getpos()}")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def executable_inline_scripts(html: str) -> list[str]:
    """Inline <script> elements a browser would run (JSON data blocks are not run)."""

    found: list[str] = []

    class Scripts(HTMLParser):
        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            names = dict(attrs)
            kind = (names.get("type") or "text/javascript").lower()
            if tag == "script" and not names.get("src") and "json" not in kind:
                found.append(str(self.getpos()))

    Scripts().feed(html)
    return found


@pytest.fixture
def demo_pages(commune_a):
    """Commune A filled as the demo fills it, plus an article with an image and a video."""
    letter = next(d.letter for d in content.COMMUNES if d.spec.slug == commune_a.slug)
    demo._units(commune_a)
    demo._letter(commune_a, letter)
    demo._articles(commune_a)
    demo._guides(commune_a)
    demo._hotline(commune_a)
    demo._media(commune_a)
    Procedure.objects.create(commune=commune_a, code=PROCEDURE_CODE, name="Đăng ký khai sinh")

    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 40), (163, 22, 15)).save(buffer, "PNG")
    image = Image.objects.create(
        title="Ảnh minh họa",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="csp-test.png"),
        collection=Collection.get_first_root_node(),
    )
    # The oEmbed answer as YouTube gives it, cached so no request leaves the test.
    Embed.objects.create(
        hash=get_embed_hash(VIDEO_URL, None, None),
        url=VIDEO_URL,
        type="video",
        html='<iframe width="200" height="113" src="https://www.youtube.com/embed/x" '
        'frameborder="0" allowfullscreen title="Video"></iframe>',
        width=200,
        height=113,
    )
    index = ArticleIndexPage.objects.descendant_of(commune_a.root_page).get()
    article = ArticlePage(
        title="Video hướng dẫn nộp hồ sơ trực tuyến",
        slug="video-huong-dan",
        summary="Video và ảnh minh họa.",
        body=[
            ("embed", VIDEO_URL),
            ("image", image),
        ],
    )
    index.add_child(instance=article)
    article.save_revision().publish()
    media_item = MediaItemPage.objects.descendant_of(commune_a.root_page).get()
    media_item.image = image
    media_item.save_revision().publish()
    return commune_a


def public_urls(commune) -> tuple[list[str], set[type]]:
    pages = Page.objects.live().descendant_of(commune.root_page, inclusive=True).specific()
    urls = [page.get_url() for page in pages]
    index = ProcedureIndexPage.objects.descendant_of(commune.root_page).get()
    urls += [
        f"{index.get_url()}{PROCEDURE_CODE}/",
        "/tim-kiem/?q=khai+sinh",
        "/cai-cach-hanh-chinh/tin-tuc/?trang=2",
        "/en/about/",
    ]
    return urls, {type(page) for page in pages}


def test_every_public_page_type_sends_the_strict_policy_and_has_no_inline_code(
    client_a, demo_pages
):
    urls, types = public_urls(demo_pages)
    ours = {m for m in get_page_models() if m._meta.app_label in {"portal", "procedures"}}
    assert ours <= types, f"page types without a page in the fixture: {ours - types}"
    for url in urls:
        response = client_a.get(url)
        assert response.status_code == 200, url
        assert policy(response) == PUBLIC_POLICY, url
        assert response["X-Frame-Options"] == "DENY", url
        assert inline_code(response.content.decode()) == [], url


def test_embedded_videos_render_without_a_style_attribute(client_a, demo_pages):
    html = client_a.get("/cai-cach-hanh-chinh/tin-tuc/video-huong-dan/").content.decode()
    assert 'src="https://www.youtube.com/embed/x"' in html
    assert '<div class="embed">' in html
    assert "style=" not in html


def test_error_pages_and_unknown_hosts_send_the_policy_without_inline_code(client, demo_pages):
    not_found = client.get("/khong-co-trang-nay/", HTTP_HOST="duc-tho.localhost")
    unknown = client.get("/", HTTP_HOST="khong-ton-tai.localhost")
    for response in (not_found, unknown):
        assert response.status_code == 404
        assert policy(response) == PUBLIC_POLICY
        assert inline_code(response.content.decode()) == []


def test_pages_served_from_the_page_cache_keep_the_headers(client_a, demo_pages, settings):
    settings.CCHC_PAGE_CACHE_SECONDS = 300
    client_a.get("/cai-cach-hanh-chinh/")
    hit = client_a.get("/cai-cach-hanh-chinh/")
    assert hit["X-Cache"] == "HIT"
    assert policy(hit) == PUBLIC_POLICY
    assert "camera=()" in hit["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/healthz", "/quan-tri/login/", "/api/search?q=a"])
def test_permissions_policy_refuses_unused_features_everywhere(client_a, path):
    header = client_a.get(path)["Permissions-Policy"]
    for feature in REFUSED_FEATURES:
        assert f"{feature}=()" in header


@pytest.fixture
def admin_client(client, commune_a, django_user_model):
    user = django_user_model.objects.create_superuser("quantri", "qt@example.gov.vn", "x")
    client.force_login(user)
    client.defaults["HTTP_HOST"] = "duc-tho.localhost"
    return client


def test_the_back_office_has_its_own_policy_with_no_inline_script(admin_client, demo_pages):
    response = admin_client.get("/quan-tri/")
    directives = policy(response)
    assert directives["script-src"] == {"'self'"}
    assert directives["style-src"] == {"'self'"}  # so style="" attributes are refused
    assert directives["frame-ancestors"] == {"'none'"}
    assert directives["object-src"] == {"'none'"}
    assert response["X-Frame-Options"] == "DENY"
    # The role panel of the admin home, the statistics (charts) and the province page tree.
    for path in ("/quan-tri/", "/quan-tri/thong-ke/", "/quan-tri/tinh/"):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert [f for f in inline_code(html) if "style" in f] == [], path
        assert executable_inline_scripts(html) == [], path


def test_admin_forms_start_their_widgets_without_inline_script(admin_client, demo_pages):
    """Wagtail writes <script>new ImageChooser(…)</script> and initDateTimeChooser(…) inline."""
    media_item = MediaItemPage.objects.descendant_of(demo_pages.root_page).get()
    procedure = Procedure.objects.get(code=PROCEDURE_CODE)
    for path in (
        f"/quan-tri/pages/{media_item.id}/edit/",  # image and document choosers, schedule dates
        f"/quan-tri/snippets/procedures/procedure/edit/{procedure.id}/",
        "/quan-tri/pages/",  # the date range filter
    ):
        response = admin_client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert executable_inline_scripts(html) == [], path
        assert 'data-controller="cchc-init"' in html, path
    html = admin_client.get(f"/quan-tri/pages/{media_item.id}/edit/").content.decode()
    assert 'data-cchc-init-call-value="ImageChooser"' in html
    assert 'data-cchc-init-call-value="DocumentChooser"' in html
    assert 'data-cchc-init-call-value="initDateTimeChooser"' in html


class FormFields(HTMLParser):
    """The values a browser would submit from the server-rendered edit form."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def test_the_preview_may_be_framed_by_the_back_office_only(admin_client, demo_pages):
    page = MediaItemPage.objects.descendant_of(demo_pages.root_page).get()
    url = f"/quan-tri/pages/{page.id}/edit/"
    edit = admin_client.get(url)
    assert edit["X-Frame-Options"] == "DENY"
    assert policy(edit)["frame-ancestors"] == {"'none'"}
    form = FormFields()
    form.feed(edit.content.decode())
    form.data["title"] = "Bản xem trước chưa lưu"
    stored = admin_client.post(f"{url}preview/", form.data)
    assert stored.json()["is_valid"] is True
    preview = admin_client.get(f"{url}preview/?in_preview_panel=true")
    assert "Bản xem trước chưa lưu" in preview.content.decode()
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(preview)["frame-ancestors"] == {"'self'"}
    assert preview["Content-Security-Policy"].count("frame-ancestors") == 1


def test_public_pages_are_not_framed(client_a, demo_pages):
    response = client_a.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == {"'none'"}


# --- the demo's /media/ -----------------------------------------------------------------


@pytest.fixture
def demo_urls(settings, tmp_path):
    """cchc.urls as the demo (DEBUG) builds it, under a name of its own; uploads in tmp_path."""
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True
    spec = importlib.util.spec_from_file_location("cchc_demo_urls", ROOT / "cchc" / "urls.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["cchc_demo_urls"] = module
    spec.loader.exec_module(module)
    settings.ROOT_URLCONF = "cchc_demo_urls"
    settings.DEBUG = False  # the rest of the request as in the tests (no debug pages)
    yield
    del sys.modules["cchc_demo_urls"]


def test_the_demo_never_serves_documents_from_media(client, demo_urls, settings):
    documents = Path(settings.MEDIA_ROOT) / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    (documents / "trang.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (documents / "cong-van.pdf").write_bytes(b"%PDF-1.4\n")
    for name in ("trang.html", "cong-van.pdf", "../documents/trang.html"):
        response = client.get(f"/media/documents/{name}")
        assert response.status_code == 404, name
        assert b"alert" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_demo_serves_images_from_media_with_the_safe_headers(client, demo_urls, settings):
    images = Path(settings.MEDIA_ROOT) / "images"
    images.mkdir(parents=True, exist_ok=True)
    (images / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (images / "la.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    image = client.get("/media/images/anh.png")
    assert image.status_code == 200
    assert image["Content-Security-Policy"] == "default-src 'none'"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in image.get("Content-Disposition", "")
    other = client.get("/media/images/la.html")
    assert other["Content-Security-Policy"] == "default-src 'none'"
    assert other["Content-Disposition"] == "attachment"


# --- production settings ------------------------------------------------------------------


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CCHC_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="cchc.settings",
        CCHC_DEMO="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{ROOT / 'var' / 'never-created.sqlite3'}",
        **extra,
    )
    return env


def run_python(code: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=production_env(**extra),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


REQUESTS = """
    import django
    django.setup()
    from django.test import Client
    c = Client(HTTP_HOST="example.org")
    page = c.get("/cai-cach-hanh-chinh/")
    health = c.get("/healthz")
    secure = c.get("/healthz", secure=True)
    proxied = c.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
    print(page.status_code, page.get("Location"))
    print(health.status_code, health.get("Strict-Transport-Security"))
    print(secure.get("Strict-Transport-Security"))
    print(proxied.get("Strict-Transport-Security"))
"""


def test_production_redirects_to_https_and_sends_hsts_but_not_for_the_health_check():
    result = run_python(REQUESTS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "301 https://example.org/cai-cach-hanh-chinh/",
        "200 None",
        "max-age=31536000; includeSubDomains",
        "None",  # X-Forwarded-Proto is not trusted unless told the proxy sets it
    ]


def test_behind_a_tls_proxy_the_forwarded_scheme_is_trusted():
    result = run_python(REQUESTS, CCHC_BEHIND_TLS_PROXY="1", CCHC_HSTS_INCLUDE_SUBDOMAINS="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "max-age=31536000"


def test_plain_http_switches_off_the_redirect_and_hsts_only_when_asked():
    result = run_python(
        """
        from django.conf import settings
        print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS,
              settings.SESSION_COOKIE_SECURE)
        """,
        CCHC_PLAIN_HTTP="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0", "False"]
