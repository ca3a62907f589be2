"""Queries per uncached render, pinned per page, and the rarely changing parts kept per commune
(cchc.pages.fragments) coming back after a change (decision 0026).

The page cache is off here: these are the renders of a miss. Each page is asked for once first
(the host look-up, the Site memo, the fragments), then counted.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.portal.tests.helpers import publish_article
from cchc.procedures.models import Procedure
from cchc.procedures.services import procedure_change_status

LIST_URL = "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/"

# Per page, after a first render: what each query is for.
PINNED = {
    # locale, home page, latest articles are a fragment
    "/": 2,
    # locale, home page, section; its route, breadcrumbs and the rest are fragments
    "/cai-cach-hanh-chinh/": 3,
    # locale, home page, article, its topics for the page and for the view tag
    "/cai-cach-hanh-chinh/tin-tuc/bai-0/": 5,
    # locale, home page, catalogue page, one page of procedures; route, fields, size, latest
    # decisions and breadcrumbs are fragments
    LIST_URL: 4,
    # locale, home page, catalogue page, the procedure, its decisions
    f"{LIST_URL}1.000001/": 5,
}


@pytest.fixture
def uncached(settings):
    settings.CCHC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def content(commune_a):
    for i in range(8):
        publish_article(commune_a, f"Tin số {i}", slug=f"bai-{i}", topics=[1, 2])
    for i in range(1, 30):
        Procedure.objects.create(
            commune=commune_a, code=f"1.{i:06d}", name=f"Thủ tục {i}", field=f"Lĩnh vực {i % 4}"
        )
    for p in Procedure.objects.all()[:6]:
        procedure_change_status(
            procedure=p, status="amended", effective_on=dt.date(2025, 1, 2), decision="12/QĐ"
        )
    return commune_a


@pytest.mark.parametrize("url", list(PINNED))
def test_queries_of_an_uncached_render_are_pinned(
    url, client_a, content, uncached, django_assert_num_queries
):
    client_a.get(url)

    with django_assert_num_queries(PINNED[url]):
        response = client_a.get(url)

    assert response.status_code == 200
    assert response["X-Cache"] == "MISS"


def test_search_api_queries_are_pinned(client_a, content, uncached, django_assert_num_queries):
    client_a.get("/api/search", {"q": "thu tuc"})

    # vocabulary, candidates, postings, heads, rows; the log's insert in a transaction
    with django_assert_num_queries(7):
        response = client_a.get("/api/search", {"q": "thu tuc"})

    assert response.status_code == 200


def test_first_render_asks_more_than_the_next(
    client_a, content, uncached, django_assert_max_num_queries
):
    with django_assert_max_num_queries(100) as first:
        client_a.get("/cai-cach-hanh-chinh/")

    assert len(first.captured_queries) > PINNED["/cai-cach-hanh-chinh/"]


def test_a_new_article_shows_on_home_and_section_at_once(client_a, content, uncached):
    for url in ("/", "/cai-cach-hanh-chinh/"):
        assert "Tin mới đăng hôm nay" not in client_a.get(url).content.decode()

    publish_article(content, "Tin mới đăng hôm nay", slug="moi")

    for url in ("/", "/cai-cach-hanh-chinh/"):
        assert "Tin mới đăng hôm nay" in client_a.get(url).content.decode()


def test_an_unpublished_article_leaves_home_at_once(client_a, content, uncached):
    article = publish_article(content, "Tin sẽ gỡ xuống", slug="go")
    assert "Tin sẽ gỡ xuống" in client_a.get("/").content.decode()

    article.unpublish()

    assert "Tin sẽ gỡ xuống" not in client_a.get("/").content.decode()


def test_the_catalogue_facts_follow_procedure_changes(client_a, content, uncached):
    html = client_a.get(LIST_URL).content.decode()
    assert "Có 29 thủ tục" in html and "Lĩnh vực mới" not in html

    p = Procedure.objects.create(
        commune=content, code="2.000001", name="Thủ tục thêm", field="Lĩnh vực mới"
    )
    procedure_change_status(
        procedure=p, status="new", effective_on=dt.date(2026, 3, 1), decision="99/QĐ-UBND"
    )

    html = client_a.get(LIST_URL).content.decode()
    assert "Có 30 thủ tục" in html
    assert '<option value="Lĩnh vực mới"' in html
    assert "99/QĐ-UBND" in html  # the latest decisions


def test_a_remembered_route_follows_unpublishing_and_renaming(client_a, content, uncached):
    from cchc.portal.models import ArticlePage

    url = "/cai-cach-hanh-chinh/tin-tuc/bai-2/"
    assert client_a.get(url).status_code == 200
    assert client_a.get(url).status_code == 200  # answered from the remembered route
    article = ArticlePage.objects.get(slug="bai-2")
    article.slug = "bai-hai"
    article.save_revision().publish()

    assert client_a.get(url).status_code == 404
    assert client_a.get("/cai-cach-hanh-chinh/tin-tuc/bai-hai/").status_code == 200
    article.refresh_from_db()
    article.unpublish()
    assert client_a.get("/cai-cach-hanh-chinh/tin-tuc/bai-hai/").status_code == 404


def test_made_up_urls_are_not_remembered(client_a, content, uncached):
    from django.core.cache import caches

    for i in range(5):
        assert client_a.get(f"/khong-co-{i}/").status_code == 404

    kept = [k for k in caches["default"]._cache if ":route:" in k]
    assert not [k for k in kept if "khong-co" in k]


def test_breadcrumbs_follow_a_renamed_parent(client_a, content, uncached):
    from cchc.portal.models import ArticleIndexPage

    url = "/cai-cach-hanh-chinh/tin-tuc/bai-1/"
    crumbs = '<nav aria-label="Đường dẫn" class="crumbs">'
    html = client_a.get(url).content.decode()
    assert crumbs in html and 'href="/cai-cach-hanh-chinh/tin-tuc/"' in html
    index = ArticleIndexPage.objects.get(slug="tin-tuc")
    index.title = "Tin tức đã đổi tên"
    index.save_revision().publish()

    html = client_a.get(url).content.decode()

    assert ">Tin tức đã đổi tên</a></li>" in html


def test_fragments_are_per_commune(client_a, client, content, commune_b, uncached):
    Procedure.objects.create(commune=commune_b, code="9.000001", name="Thủ tục của xã B")
    assert "Có 29 thủ tục" in client_a.get(LIST_URL).content.decode()

    client.defaults["HTTP_HOST"] = "nguyet-vien.localhost"
    html = client.get(LIST_URL).content.decode()

    assert "Có 1 thủ tục" in html
    assert "Tin số" not in client.get("/").content.decode()
