"""The public page cache: hits, misses, invalidation and who is never served from it."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import override_settings

from cchc.portal.models import ArticleIndexPage, ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_caches():
    # The test database is rolled back between tests and ids are reused, so cached pages and
    # generations from an earlier test must not leak into the next one.
    for alias in caches:
        caches[alias].clear()
    yield
    for alias in caches:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.CCHC_PAGE_CACHE_SECONDS = 300


def _news_index(commune) -> ArticleIndexPage:
    return ArticleIndexPage.objects.descendant_of(commune.root_page).get(slug="tin-tuc")


def _publish_article(commune, title: str) -> ArticlePage:
    article = ArticlePage(title=title, slug=title.lower().replace(" ", "-"), summary=title)
    _news_index(commune).add_child(instance=article)
    article.save_revision().publish()
    return article


def test_second_anonymous_get_is_a_hit_with_the_same_bytes(client_a):
    first = client_a.get("/")
    second = client_a.get("/")
    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_query_string_is_part_of_the_key(client_a):
    client_a.get("/cai-cach-hanh-chinh/tin-tuc/")
    assert client_a.get("/cai-cach-hanh-chinh/tin-tuc/?trang=2")["X-Cache"] == "MISS"
    assert client_a.get("/cai-cach-hanh-chinh/tin-tuc/?trang=2")["X-Cache"] == "HIT"


def test_head_is_served_from_the_cache_without_a_body(client_a):
    client_a.get("/")
    response = client_a.head("/")
    assert response["X-Cache"] == "HIT"
    assert response.content == b""


def test_publishing_a_page_invalidates_the_commune(client_a, commune_a):
    client_a.get("/")
    assert client_a.get("/")["X-Cache"] == "HIT"

    _publish_article(commune_a, "Bai moi ve mot cua")

    response = client_a.get("/")
    assert response["X-Cache"] == "MISS"
    assert "Bai moi ve mot cua" in response.content.decode()
    assert client_a.get("/")["X-Cache"] == "HIT"


def test_unpublishing_and_deleting_invalidate(client_a, commune_a):
    article = _publish_article(commune_a, "Sap go")
    assert "Sap go" in client_a.get("/").content.decode()
    assert client_a.get("/")["X-Cache"] == "HIT"

    article.unpublish()
    response = client_a.get("/")
    assert response["X-Cache"] == "MISS"
    assert "Sap go" not in response.content.decode()

    client_a.get("/")
    article.delete()
    assert client_a.get("/")["X-Cache"] == "MISS"


def test_procedure_changes_invalidate(client_a, commune_a):
    from cchc.procedures.models import Procedure
    from cchc.procedures.signals import procedures_changed

    client_a.get("/")
    procedure = Procedure.objects.create(
        commune=commune_a, code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch"
    )
    assert client_a.get("/")["X-Cache"] == "MISS"

    client_a.get("/")
    procedures_changed.send(sender=Procedure, commune=commune_a, procedure_ids=[procedure.id])
    assert client_a.get("/")["X-Cache"] == "MISS"


def test_logged_in_users_are_never_cached(client_a, django_user_model):
    client_a.get("/")  # an anonymous visit stores the page
    user = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")
    client_a.force_login(user)
    first = client_a.get("/")
    second = client_a.get("/")
    assert first["X-Cache"] == second["X-Cache"] == "MISS"


def test_post_is_never_cached(client_a):
    client_a.post("/", {"x": "1"})
    assert client_a.post("/", {"x": "1"})["X-Cache"] == "MISS"
    assert client_a.get("/")["X-Cache"] == "MISS"  # the POST stored nothing


def test_responses_with_cookies_or_errors_are_not_stored(client_a):
    client_a.get("/khong-co-trang-nay/")
    assert client_a.get("/khong-co-trang-nay/")["X-Cache"] == "MISS"


def test_hosts_are_cached_separately(client_a, commune_a, commune_b):
    a1 = client_a.get("/")
    b1 = client_a.get("/", HTTP_HOST="nguyet-vien.localhost")
    assert a1["X-Cache"] == b1["X-Cache"] == "MISS"
    assert a1.content != b1.content

    b2 = client_a.get("/", HTTP_HOST="nguyet-vien.localhost")
    a2 = client_a.get("/")
    assert a2["X-Cache"] == b2["X-Cache"] == "HIT"
    assert "Nguyệt Viên" in b2.content.decode()
    assert "Đức Thọ" in a2.content.decode()

    # Publishing in commune B leaves commune A's cache alone.
    _publish_article(commune_b, "Tin cua B")
    assert client_a.get("/")["X-Cache"] == "HIT"
    assert client_a.get("/", HTTP_HOST="nguyet-vien.localhost")["X-Cache"] == "MISS"


def test_a_zero_ttl_disables_the_cache(client_a):
    with override_settings(CCHC_PAGE_CACHE_SECONDS=0):
        client_a.get("/")
        assert client_a.get("/")["X-Cache"] == "MISS"


def test_cached_pages_carry_no_csrf_token_or_cookie(client_a):
    client_a.get("/")
    response = client_a.get("/")
    assert response["X-Cache"] == "HIT"
    assert b"csrfmiddlewaretoken" not in response.content
    assert not response.cookies
    # The search box submits with GET, so anonymous pages need no CSRF token at all.
    assert b'action="/tim-kiem/" method="get"' in response.content


def test_restricting_a_page_stops_serving_it_from_the_cache(client_a, commune_a):
    from wagtail.models import PageViewRestriction

    article = _publish_article(commune_a, "Sap rieng tu")
    url = "/cai-cach-hanh-chinh/tin-tuc/sap-rieng-tu/"
    client_a.get(url)
    assert client_a.get(url)["X-Cache"] == "HIT"

    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    response = client_a.get(url)
    assert response["X-Cache"] == "MISS"
    assert "Sap rieng tu" not in response.content.decode() or b"password" in response.content
    assert client_a.get(url)["X-Cache"] == "MISS"  # the password form is never stored


def test_one_query_routing_finds_what_wagtail_finds(rf, commune_a):
    """HomePage.route() gives the same result as Wagtail's level-by-level walk."""
    from django.http import Http404
    from wagtail.models import Page

    from cchc.procedures.models import Procedure

    _publish_article(commune_a, "Bai dinh tuyen")
    Procedure.objects.create(commune=commune_a, code="1.000001", name="Khai sinh", field="Hộ tịch")
    home = commune_a.root_page.specific
    paths = [
        "cai-cach-hanh-chinh",
        "cai-cach-hanh-chinh/tin-tuc",
        "cai-cach-hanh-chinh/tin-tuc/bai-dinh-tuyen",
        "cai-cach-hanh-chinh/chu-de/cai-cach-the-che",
        "cai-cach-hanh-chinh/thu-tuc-hanh-chinh",
        "cai-cach-hanh-chinh/thu-tuc-hanh-chinh/1.000001",
        "cai-cach-hanh-chinh/khong-co",
        "khong-co/tin-tuc",
        "cai-cach-hanh-chinh/tin-tuc/bai-dinh-tuyen/thua",
    ]

    def outcome(route, components):
        try:
            page, args, kwargs = route(rf.get("/"), components)
        except Http404:
            return None
        view = args[0].__name__ if args else None
        return page.id, view, args[1:] if args else (), kwargs

    for path in paths:
        components = path.split("/")
        assert outcome(home.route, components) == outcome(
            lambda request, c: Page.route(home, request, c), components
        ), path


def test_the_memoised_site_never_serves_a_stale_home_page(client_a, commune_a, settings):
    settings.CCHC_PAGE_CACHE_SECONDS = 0  # only the Site memo is at work
    client_a.get("/")
    home = commune_a.root_page.specific
    home.intro = "Lời giới thiệu mới"
    home.save_revision().publish()
    assert "Lời giới thiệu mới" in client_a.get("/").content.decode()
