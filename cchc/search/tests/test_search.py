"""Searching as citizens type: the page and the API, over the current commune only."""

from __future__ import annotations

import pytest

from cchc.search.models import SearchQuery, SearchSynonym

pytestmark = pytest.mark.django_db

KHAI_SINH = "Thủ tục đăng ký khai sinh"


def api(client, q, **params):
    response = client.get("/api/search", {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def titles(client, q):
    return [r["title"] for r in api(client, q)["results"]]


# --- the examples of the issue --------------------------------------------------------------


def test_query_without_diacritics_finds_text_with_them(client_a, commune_a, make_procedure):
    make_procedure(commune_a, "1.001193", KHAI_SINH)
    assert titles(client_a, "dang ky khai sinh") == [KHAI_SINH]
    assert titles(client_a, "ĐANG KY KHAI SINH") == [KHAI_SINH]
    assert titles(client_a, "Đăng ký khai sinh") == [KHAI_SINH]


def test_the_json_shape_is_exact(client_a, commune_a, make_procedure, make_article):
    make_procedure(commune_a, "1.001193", KHAI_SINH)
    article = make_article(commune_a, "Hướng dẫn đăng ký khai sinh trực tuyến")
    data = api(client_a, "khai sinh")
    assert set(data) == {"query", "results"}
    assert data["query"] == "khai sinh"
    assert data["results"] == [
        {
            "type": "procedure",
            "title": KHAI_SINH,
            "url": "/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/1.001193/",
            "code": "1.001193",
        },
        {
            "type": "article",
            "title": article.title,
            "url": f"/cai-cach-hanh-chinh/tin-tuc/{article.slug}/",
            "code": None,
        },
    ]
    assert client_a.get(data["results"][1]["url"]).status_code == 200


def test_all_four_kinds_are_found(
    client_a, commune_a, make_procedure, make_article, make_guide, make_document
):
    make_procedure(commune_a, "1.000001", "Thủ tục thanh toán trực tuyến lệ phí")
    make_article(commune_a, "Tuyên truyền thanh toán trực tuyến")
    make_guide(commune_a, "Hướng dẫn thanh toán trực tuyến")
    make_document(commune_a, "Kế hoạch thúc đẩy thanh toán trực tuyến", number="15/KH-UBND")
    kinds = {r["type"] for r in api(client_a, "thanh toan truc tuyen")["results"]}
    assert kinds == {"procedure", "article", "guide", "document"}
    assert [r["type"] for r in api(client_a, "15/KH-UBND")["results"]] == ["document"]


def test_procedure_code_is_searchable(client_a, commune_a, make_procedure):
    make_procedure(commune_a, "1.001193", KHAI_SINH)
    make_procedure(commune_a, "1.000894", "Thủ tục đăng ký kết hôn")
    assert titles(client_a, "1.001193") == [KHAI_SINH]


def test_one_typo_is_tolerated(client_a, commune_a, make_procedure):
    make_procedure(commune_a, "1.001193", KHAI_SINH)
    make_procedure(commune_a, "1.004222", "Thủ tục đăng ký thường trú", field="Cư trú")
    assert titles(client_a, "khai sihn") == [KHAI_SINH]
    assert titles(client_a, "dang ky thuongg tru") == ["Thủ tục đăng ký thường trú"]
    assert titles(client_a, "thuonggg") == []  # two typos in one word: no


def test_typo_correction_is_shown_on_the_page(client_a, commune_a, make_procedure):
    make_procedure(commune_a, "1.001193", KHAI_SINH)
    html = client_a.get("/tim-kiem/", {"q": "khai sihn"}).content.decode()
    assert "Đã tìm cả từ gần đúng" in html and "<mark>sinh</mark>" in html


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("cchc", "Đẩy mạnh cải cách hành chính năm 2026"),
        ("tthc", "Công bố danh mục thủ tục hành chính mới"),
        ("dvc", "Nộp hồ sơ qua dịch vụ công"),
        ("ubnd", "Lịch tiếp công dân của Ủy ban nhân dân xã"),
        ("hđnd", "Kỳ họp thứ nhất Hội đồng nhân dân xã"),
        ("hdnd", "Kỳ họp thứ nhất Hội đồng nhân dân xã"),
        ("bhxh", "Tra cứu quá trình đóng bảo hiểm xã hội"),
        ("BHYT", "Gia hạn thẻ bảo hiểm y tế hộ gia đình"),
        ("cccd", "Cấp đổi thẻ căn cước cho người dân"),
        ("gcn qsdđ", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu"),
    ],
)
def test_abbreviations_expand(client_a, commune_a, make_article, query, title):
    make_article(commune_a, title)
    make_article(commune_a, "Tin không liên quan về thời tiết")
    assert titles(client_a, query) == [title]


def test_abbreviations_also_work_backwards(client_a, commune_a, make_article):
    make_article(commune_a, "Lịch tiếp dân của UBND xã")
    assert titles(client_a, "ủy ban nhân dân") == ["Lịch tiếp dân của UBND xã"]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("sổ hồng", "Cấp giấy chứng nhận quyền sở hữu nhà ở"),
        ("so do", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu"),
        ("làm sổ đỏ", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu"),
        ("chứng minh thư", "Cấp đổi thẻ căn cước"),
        ("cmnd", "Cấp đổi thẻ căn cước"),
        ("giấy khai sinh", KHAI_SINH),
        ("lam giay khai sinh", KHAI_SINH),
        ("hộ khẩu", "Thủ tục đăng ký thường trú (cư trú)"),
    ],
)
def test_everyday_words_reach_official_terms(client_a, commune_a, make_procedure, query, title):
    make_procedure(commune_a, "1.0", title)
    make_procedure(commune_a, "2.0", "Thủ tục chứng thực chữ ký")
    assert titles(client_a, query) == [title]


def test_staff_edits_to_synonyms_apply_at_once(client_a, commune_a, make_procedure):
    make_procedure(commune_a, "1.0", "Thủ tục hưởng trợ cấp thai sản")
    assert titles(client_a, "đẻ") == []
    # (words of the built-in list, cchc/search/data/words.toml, would be found anyway)
    synonym = SearchSynonym.objects.create(term="có em bé", expansions="thai sản")
    SearchSynonym.objects.create(term="đẻ", expansions="thai sản\ncó em bé")
    assert titles(client_a, "đẻ") == ["Thủ tục hưởng trợ cấp thai sản"]
    assert titles(client_a, "có em bé") == ["Thủ tục hưởng trợ cấp thai sản"]
    synonym.delete()
    assert titles(client_a, "có em bé") == []


def test_seeded_list_is_generous():
    assert SearchSynonym.objects.count() >= 40
    assert SearchSynonym.objects.filter(kind="abbreviation").count() >= 20
    for term in ["cchc", "tthc", "dvc", "ubnd", "hđnd", "bhxh", "bhyt", "cccd", "gcn", "qsdđ"]:
        assert SearchSynonym.objects.filter(term=term).exists(), term


# --- ranking ------------------------------------------------------------------------------


def test_exact_diacritics_rank_first(client_a, commune_a, make_article):
    make_article(commune_a, "Lễ dâng hương ngày kỵ giỗ")  # folds to "dang huong ... ky"
    make_article(commune_a, "Hướng dẫn đăng ký tạm trú")
    make_article(commune_a, "Đang kỳ thi, dáng kỷ")
    assert titles(client_a, "đăng ký")[0] == "Hướng dẫn đăng ký tạm trú"
    # Typed without diacritics, every spelling is as good; words side by side still win.
    assert titles(client_a, "dang ky")[2] == "Lễ dâng hương ngày kỵ giỗ"


def test_exact_phrase_ranks_first(client_a, commune_a, make_procedure):
    make_procedure(commune_a, "1", "Sinh hoạt khai báo tạm trú, đăng ký kết hôn")
    make_procedure(commune_a, "2", KHAI_SINH)
    make_procedure(commune_a, "3", "Khai sinh, đăng ký lại cho trẻ em")
    result = titles(client_a, "dang ky khai sinh")
    assert result[0] == KHAI_SINH
    # The re-registration ("đăng ký lại") is a special case the query does not ask for: it
    # pays for that (decision 0017) and may come after a title holding every word typed.
    assert set(result) == {
        KHAI_SINH,
        "Khai sinh, đăng ký lại cho trẻ em",
        "Sinh hoạt khai báo tạm trú, đăng ký kết hôn",
    }


def test_title_ranks_above_body(client_a, commune_a, make_article):
    make_article(commune_a, "Tin tổng hợp tuần", body_text="Có nói về kết hôn ở cuối bài.")
    make_article(commune_a, "Hướng dẫn đăng ký kết hôn")
    assert titles(client_a, "ket hon") == ["Hướng dẫn đăng ký kết hôn", "Tin tổng hợp tuần"]


def test_long_questions_need_not_contain_every_word(client_a, commune_a, make_procedure):
    make_procedure(commune_a, "1", "Thủ tục đăng ký thường trú")
    assert titles(client_a, "tôi muốn đăng ký thường trú thì làm như thế nào ạ") == [
        "Thủ tục đăng ký thường trú"
    ]


# --- the page: highlighting, escaping, odd input -------------------------------------------


def test_results_page_highlights_matches_and_escapes_the_rest(client_a, commune_a, make_article):
    make_article(
        commune_a,
        "Đăng ký khai sinh <b>ngay</b>",
        body_text="Mang &lt;script&gt;alert(1)&lt;/script&gt; giấy tờ để đăng ký khai sinh.",
    )
    response = client_a.get("/tim-kiem/", {"q": "dang ky khai sinh"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Đăng ký khai sinh</mark> &lt;b&gt;ngay&lt;/b&gt;</strong>" in html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Tìm thấy 1 kết quả" in html


def test_xss_in_the_query_is_escaped(client_a, commune_a, make_article):
    make_article(commune_a, "Tin về script an toàn")
    q = '"><script>script</script>'
    response = client_a.get("/tim-kiem/", {"q": q})
    assert response.status_code == 200
    assert b"<script>" not in response.content
    # JSON is data, never rendered as HTML: the browser is told not to guess the type.
    response = client_a.get("/api/search", {"q": q})
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["query"] == q
    html = client_a.get("/tim-kiem/", {"q": q}).content.decode()
    assert "&lt;script&gt;" in html and "<mark>script</mark>" in html


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Gõ từ cần tìm"),
        ("   ", "Gõ từ cần tìm"),
        ("!!! ??? ...", "không có chữ hay số nào để tìm"),
        ("😀🎉", "không có chữ hay số nào để tìm"),
        ("\x00\u200b", "Gõ từ cần tìm"),
        ("zzqqxx", "Không tìm thấy kết quả nào"),
        ("\u202ekhai\u202c sinh", "Tìm thấy 1 kết quả"),
        ("ｋｈａｉ ｓｉｎｈ", "Tìm thấy 1 kết quả"),
        ("khai" + "\u0301" * 50, "Tìm thấy 1 kết quả"),  # stray accents: still "khai"
    ],
)
def test_odd_queries_get_a_friendly_page(client_a, commune_a, make_procedure, q, message):
    make_procedure(commune_a, "1", KHAI_SINH)
    response = client_a.get("/tim-kiem/", {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert client_a.get("/api/search", {"q": q}).status_code == 200


def test_a_very_long_query_is_truncated_and_the_user_told(client_a, commune_a, make_procedure):
    make_procedure(commune_a, "1", KHAI_SINH)
    q = "khai sinh " + "x" * 500
    response = client_a.get("/tim-kiem/", {"q": q})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Từ khóa dài quá 200 ký tự" in html
    data = api(client_a, q)
    assert len(data["query"]) == 200


def test_the_api_rejects_only_a_bad_limit(client_a, commune_a, make_procedure):
    for i in range(3):
        make_procedure(commune_a, f"1.{i}", f"Thủ tục khai sinh số {i}")
    assert len(api(client_a, "khai sinh", limit=2)["results"]) == 2
    for bad in ["0", "51", "abc", "-1"]:
        response = client_a.get("/api/search", {"q": "khai sinh", "limit": bad})
        assert response.status_code == 400
        assert "limit" in response.json()["error"]
    assert client_a.get("/api/search").json() == {"query": "", "results": []}


def test_the_api_limit_takes_ascii_digits_only(client_a, commune_a, make_procedure):
    # int() reads "٢" (Arabic-Indic two) and " 2"; "²".isdigit() is True but int("²") fails.
    for i in range(3):
        make_procedure(commune_a, f"1.{i}", f"Thủ tục khai sinh số {i}")
    for odd in ["٢", "²", "２", " 2", "2_0", "+2", "9" * 5000]:
        response = client_a.get("/api/search", {"q": "khai sinh", "limit": odd})
        assert response.status_code == 400, odd
        assert "số nguyên từ 1 đến 50" in response.json()["error"]


def test_results_are_paged(client_a, commune_a, make_procedure):
    for i in range(25):
        make_procedure(commune_a, f"1.{i:03}", f"Thủ tục hộ tịch khai sinh {i}")
    page1 = client_a.get("/tim-kiem/", {"q": "khai sinh"}).content.decode()
    page2 = client_a.get("/tim-kiem/", {"q": "khai sinh", "trang": "2"}).content.decode()
    assert "Tìm thấy 25 kết quả" in page1 and "Trang sau" in page1
    assert page2.count('class="card"') == 5 and 'start="21"' in page2
    assert client_a.get("/tim-kiem/", {"q": "khai sinh", "trang": "x"}).status_code == 200
    # Odd digits are no page number: the first page, never a 500 nor another page.
    for odd in ["٢", "²", "9" * 5000, "99999999999999999999"]:
        response = client_a.get("/tim-kiem/", {"q": "khai sinh", "trang": odd})
        assert response.status_code == 200
        assert 'start="21"' not in response.content.decode(), odd


# --- tenancy, publication ------------------------------------------------------------------


def test_a_commune_never_sees_another_communes_content(
    client, commune_a, commune_b, make_procedure, make_article
):
    make_procedure(commune_a, "1.001193", KHAI_SINH)
    make_article(commune_a, "Tin khai sinh của Đức Thọ")
    make_article(commune_b, "Tin khai sinh của Nguyệt Viên")
    host_a, host_b = {"HTTP_HOST": "duc-tho.localhost"}, {"HTTP_HOST": "nguyet-vien.localhost"}
    a = client.get("/api/search", {"q": "khai sinh"}, **host_a).json()["results"]
    b = client.get("/api/search", {"q": "khai sinh"}, **host_b).json()["results"]
    assert {r["title"] for r in a} == {KHAI_SINH, "Tin khai sinh của Đức Thọ"}
    assert [r["title"] for r in b] == ["Tin khai sinh của Nguyệt Viên"]
    html_b = client.get("/tim-kiem/", {"q": "khai sinh"}, **host_b).content.decode()
    assert "Đức Thọ</" not in html_b and KHAI_SINH not in html_b
    assert client.get("/api/search", {"q": "1.001193"}, **host_b).json()["results"] == []
    # Typo correction uses the commune's own vocabulary only.
    assert client.get("/api/search", {"q": "tho"}, **host_b).json()["results"] == []


def test_unpublished_pages_vanish(client_a, commune_a, make_article):
    page = make_article(commune_a, "Thông báo lịch tiếp công dân")
    assert titles(client_a, "tiep cong dan") == [page.title]
    page.unpublish()
    assert titles(client_a, "tiep cong dan") == []
    page.save_revision().publish()
    assert titles(client_a, "tiep cong dan") == [page.title]


def test_drafts_are_never_indexed(client_a, commune_a, make_article):
    page = make_article(commune_a, "Tin đã đăng")
    page.title = "Bản nháp chưa duyệt"
    page.save_revision()
    assert titles(client_a, "ban nhap") == []
    assert titles(client_a, "tin da dang") == ["Tin đã đăng"]


def test_republishing_updates_the_entry(client_a, commune_a, make_article):
    page = make_article(commune_a, "Tiêu đề cũ")
    page.title = "Tiêu đề mới về khai sinh"
    page.save_revision().publish()
    assert titles(client_a, "tieu de") == ["Tiêu đề mới về khai sinh"]


def test_deleted_pages_and_procedures_vanish(client_a, commune_a, make_article, make_procedure):
    page = make_article(commune_a, "Tin khai sinh sẽ bị xóa")
    procedure = make_procedure(commune_a, "1", KHAI_SINH)
    page.delete()
    procedure.delete()
    assert titles(client_a, "khai sinh") == []


def test_private_pages_are_not_found(client_a, commune_a, make_article):
    from wagtail.models import PageViewRestriction

    page = make_article(commune_a, "Tin nội bộ về khai sinh")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(client_a, "khai sinh") == []
    restriction.delete()
    assert titles(client_a, "khai sinh") == ["Tin nội bộ về khai sinh"]


# --- the log ------------------------------------------------------------------------------


def test_every_query_is_logged_without_personal_data(client_a, commune_a, make_procedure):
    make_procedure(commune_a, "1.001193", KHAI_SINH)
    client_a.get(
        "/tim-kiem/",
        {"q": "Đăng ký KHAI SINH"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 Test",
    )
    client_a.get("/api/search", {"q": "gọi 0912 345 678, cccd 001099012345, a@b.vn"})
    client_a.get("/tim-kiem/", {"q": ""})  # no query, nothing to log
    logged = list(SearchQuery.objects.order_by("id"))
    assert [(q.commune_id, q.text, q.result_count) for q in logged] == [
        (commune_a.id, "dang ky khai sinh", 1),
        (commune_a.id, "goi #, cccd #, [email]", 0),
    ]
    fields = {f.name for f in SearchQuery._meta.get_fields()}
    assert fields == {"id", "commune", "text", "result_count", "created_at", "visitor"}
    stored = " ".join(str(v) for v in SearchQuery.objects.values_list()).lower()
    assert "203.0.113.7" not in stored and "mozilla" not in stored
    # Who searched is only the daily-salted visitor hash (64 bits, hex), as for page views.
    assert all(len(q.visitor) == 16 and int(q.visitor, 16) >= 0 for q in logged)


def test_repeated_searches_are_each_logged(client_a, commune_a):
    for _ in range(2):
        response = client_a.get("/tim-kiem/", {"q": "khai sinh"})
        assert "no-cache" in response["Cache-Control"]
        client_a.get("/api/search", {"q": "khai sinh"})
    assert SearchQuery.objects.filter(text="khai sinh").count() == 4


def test_a_failing_log_never_breaks_search(client_a, commune_a, make_procedure, monkeypatch):
    make_procedure(commune_a, "1.001193", KHAI_SINH)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SearchQuery.objects, "create", broken)
    assert titles(client_a, "khai sinh") == [KHAI_SINH]
    assert client_a.get("/tim-kiem/", {"q": "khai sinh"}).status_code == 200


# --- cost ---------------------------------------------------------------------------------


def test_the_search_page_runs_a_fixed_number_of_queries(
    client_a, commune_a, make_procedure, make_article, django_assert_max_num_queries
):
    for i in range(30):
        make_procedure(commune_a, f"1.{i}", f"Thủ tục đăng ký khai sinh loại {i}")
        make_article(commune_a, f"Tin đăng ký khai sinh số {i}", body_text="Nội dung " * 20)
    client_a.get("/tim-kiem/", {"q": "warm up"})
    # commune, vocabulary, ranking, heads, result rows, log (+ savepoint): same for 60 rows.
    with django_assert_max_num_queries(9):
        response = client_a.get("/tim-kiem/", {"q": "dang ky khai sinh sihn"})
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        assert client_a.get("/api/search", {"q": "so do cmnd"}).status_code == 200
