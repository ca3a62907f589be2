"""No server error from any input (issue 9, part 3): generated input to every public API, public
page and public or staff form.

For every example: the answer is not a 5xx, and when the input is refused (a 4xx, or a form shown
again with its errors) nothing stored has changed — rows and key fields of the tables the form
writes (`snapshot`), and the uploaded files on disk. Each example runs in a transaction that is
rolled back, with empty caches, so examples do not see each other's writes or rate limits.

Example counts are sized for `make test` (the module in well under two minutes on SQLite, two
CPUs); `CCHC_FUZZ_EXAMPLES=500 pytest cchc/tests/test_fuzz_inputs.py` runs every test deeper, and
`--hypothesis-show-statistics` prints what each test ran.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cchc.communes.groups import collection_for
from cchc.communes.models import Commune, Membership, Unit
from cchc.communes.services import membership_grant
from cchc.portal.models import ArticlePage, Topic
from cchc.portal.tests.helpers import publish_article
from cchc.procedures.models import Procedure
from cchc.procedures.services import procedures_import
from cchc.search.models import SearchQuery
from cchc.tests import fuzz_strategies as fs
from cchc.tests.fuzz_support import (
    assert_answered,
    assert_nothing_stored,
    fuzz,
    one_example,
    post_form,
    snapshot,
)

pytestmark = pytest.mark.django_db

HOST = "duc-tho.localhost"

# --- The world ------------------------------------------------------------------------------


@dataclass
class World:
    commune: Commune
    coordinator: object
    province_officer: object
    admin: object
    article: ArticlePage
    procedure: Procedure
    public_paths: list[str]


def _public_paths(commune: Commune, procedure: Procedure) -> list[str]:
    paths = ["/", "/tim-kiem/", "/api/search", "/api/stats/section", "/sitemap.xml"]
    paths += ["/robots.txt", "/cai-cach-hanh-chinh/rss.xml", "/en/", "/khong-co-trang-nay/"]
    for page in Page.objects.live().descendant_of(commune.root_page, inclusive=True):
        paths.append(page.get_url_parts()[2])
        if page.specific_class.__name__ == "ProcedureIndexPage":
            paths.append(f"{page.get_url_parts()[2]}{procedure.code}/")
        if page.specific_class.__name__ == "ReformSectionPage":
            topic = Topic.objects.order_by("pk").first()
            if topic is not None:
                paths.append(f"{page.get_url_parts()[2]}chu-de/{topic.slug}/")
    return sorted(set(paths))


@pytest.fixture
def world(commune_a, django_user_model, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    coordinator = django_user_model.objects.create_user("dieu-phoi-fuzz", password="x")
    membership_grant(user=coordinator, commune=commune_a, role=Membership.Role.COORDINATOR)
    officer = django_user_model.objects.create_user("so-noi-vu-fuzz", password="x")
    membership_grant(user=officer, commune=commune_a, role=Membership.Role.PROVINCE_OFFICER)
    admin = django_user_model.objects.create_superuser("quan-tri-fuzz", password="x")
    article = publish_article(commune_a, "Tin thử đầu vào", topics=[1])
    record = {"ma_thu_tuc": "1.001193", "ten_thu_tuc": "Đăng ký khai sinh", "linh_vuc": "Hộ tịch"}
    procedures_import(commune=commune_a, data=json.dumps([record]).encode(), filename="a.json")
    procedure = Procedure.objects.get(commune=commune_a, code="1.001193")
    Unit.objects.create(commune=commune_a, name="Văn phòng", kind=Unit.Kind.OFFICE)
    return World(
        commune_a,
        coordinator,
        officer,
        admin,
        article,
        procedure,
        _public_paths(commune_a, procedure),
    )


BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


@pytest.fixture
def public(client, world):
    # A browser's User-Agent: without one the beacon and the counting treat a request as a bot.
    client.defaults.update(HTTP_HOST=HOST, HTTP_USER_AGENT=BROWSER)
    return client


@pytest.fixture
def coordinator(client, world):
    client.defaults["HTTP_HOST"] = HOST
    client.force_login(world.coordinator)
    return client


@pytest.fixture
def province_officer(client, world):
    client.defaults["HTTP_HOST"] = HOST
    client.force_login(world.province_officer)
    return client


@pytest.fixture
def superuser(client, world):
    client.defaults["HTTP_HOST"] = HOST
    client.force_login(world.admin)
    return client


# --- Public APIs -----------------------------------------------------------------------------


@fuzz(60)
@given(query=fs.query_strings(["q", "limit"]))
def test_search_api(public, query):
    with one_example(public):
        before = snapshot((SearchQuery,))
        response = public.get(f"/api/search?{query}")
        assert_answered(response)
        assert response.status_code in (200, 400)
        assert "error" in response.json() or "results" in response.json()
        if response.status_code == 400:
            assert_nothing_stored(before, response, (SearchQuery,))


@fuzz(40)
@given(query=fs.query_strings(["q", "trang"]))
def test_search_page(public, query):
    with one_example(public):
        before = snapshot()
        response = public.get(f"/tim-kiem/?{query}")
        assert_answered(response)
        assert_nothing_stored(before, response)


@fuzz(20)
@given(query=fs.query_strings(["xa", "id"]), method=st.sampled_from(["get", "post", "head"]))
def test_section_stats(public, query, method):
    with one_example(public):
        before = snapshot()
        response = getattr(public, method)(f"/api/stats/section?{query}")
        assert_answered(response)
        assert_nothing_stored(before, response)


# Python's words for a failed parse: a refusal must carry our message, never one of these.
PYTHON_WORDS = re.compile(
    r"Expecting|invalid literal|could not convert|line \d+ column|Traceback|Error\b"
)


@fuzz(120)
@given(data=st.data())
def test_beacon(public, world, data):
    body = data.draw(fs.beacon_bodies(world.article.id), "body")
    content_type = data.draw(
        st.sampled_from(["application/json", "text/plain;charset=UTF-8", ""]), "content type"
    )
    extra = {}
    length = data.draw(st.one_of(st.none(), st.sampled_from(fs.CONTENT_LENGTHS)), "bad length")
    if length is not None:
        extra["CONTENT_LENGTH"] = length
        # What a server hands the application: the bytes that came, then the end of the stream
        # (the test client's own stream fails the test on a read past the declared body).
        extra["wsgi.input"] = io.BytesIO(body)
    with one_example(public):
        before = snapshot()
        response = public.post("/api/stats/beacon", body, content_type=content_type, **extra)
        assert_answered(response)
        answer = response.json()
        if response.status_code == 202 and answer.get("ok"):
            return
        assert response.status_code in (400, 404, 413, 429), response.status_code
        assert not PYTHON_WORDS.search(answer.get("error", "")), answer
        assert_nothing_stored(before, response)


@fuzz(70)
@given(data=st.data())
def test_public_pages(public, world, data):
    path = data.draw(st.sampled_from(world.public_paths), "path")
    query = data.draw(fs.query_strings(["trang", "q", "linh-vuc", "tinh-trang", "id", "xa"]))
    method = data.draw(st.sampled_from(["get", "get", "get", "head", "post"]), "method")
    with one_example(public):
        before = snapshot()
        response = getattr(public, method)(f"{path}?{query}")
        assert_answered(response)
        # A visit is logged, but nothing a page shows is changed by reading it.
        assert_nothing_stored(before, response)


# --- Staff forms: articles -------------------------------------------------------------------

ARTICLE_ODD = {
    "title": fs.odd_text,
    "slug": fs.odd_text,
    "summary": fs.odd_text,
    "go_live_at": fs.date_text,
    "expire_at": fs.date_text,
    "author_name": fs.odd_text,
    "topics": st.lists(fs.odd_choice(["1", "2", "9"]), min_size=1, max_size=2),
    "unit": fs.odd_choice(),
    "body": fs.odd_text,
    "action": st.sampled_from(["action-publish", "action-submit", "action-unpublish"]),
}


def article_form(data, slug: str) -> dict:
    valid = {
        "title": "Tin mới về một cửa",
        "slug": slug,
        "summary": "Tóm tắt.",
        "go_live_at": "",
        "expire_at": "",
        "author_name": "",
        "topics": ["1"],
        "body": "Nội dung.",
        "action": "",
    }
    fields = data.draw(fs.mutated(valid, ARTICLE_ODD), "article")
    action = fields.pop("action", "")
    body = fields.pop("body", None)
    if body is not None:
        fields["body"] = streamfield([("paragraph", rich_text(body))])
    form = nested_form_data({**fields, "comments": inline_formset([])})
    if action:
        form[action] = "1"
    return form


@fuzz(20)
@given(data=st.data())
def test_article_add_form(coordinator, world, data):
    index = world.article.get_parent()
    url = reverse("wagtailadmin_pages:add", args=("portal", "articlepage", index.id))
    post_form(coordinator, url, article_form(data, "tin-moi"))


@fuzz(15)
@given(data=st.data())
def test_article_edit_form(coordinator, world, data):
    url = reverse("wagtailadmin_pages:edit", args=(world.article.id,))
    post_form(coordinator, url, article_form(data, world.article.slug))


# --- Staff forms: procedures -----------------------------------------------------------------


@fuzz(50)
@given(data=st.data())
def test_procedure_import(coordinator, world, data):
    name, content = data.draw(fs.import_files(), "file")
    odd = {
        "commune": fs.odd_choice(),
        "exclude_fields": fs.odd_text,
        "partial": fs.odd_choice(["on", "off", "true"]),
    }
    valid = {"commune": str(world.commune.pk), "exclude_fields": "Hải quan; Thuế", "partial": ""}
    form = data.draw(fs.mutated(valid, odd), "form")
    form["file"] = SimpleUploadedFile(name, content)

    def applied(response) -> bool:
        result = (response.context or {}).get("result")
        return result is not None and result.applied

    post_form(coordinator, reverse("procedures_import"), form, accepted=applied)


PROCEDURE_ODD = {
    "commune": fs.odd_choice(),
    "code": st.one_of(st.sampled_from(fs.CODES), fs.odd_text),
    "name": fs.odd_text,
    "field": fs.odd_text,
    "national_url": st.one_of(st.just("javascript:alert(1)"), fs.odd_text),
    "status": fs.odd_choice(["amended", "replaced", "abolished", "new"]),
    "status_effective_on": fs.date_text,
    "status_decision": fs.odd_text,
    "status_note": fs.odd_text,
    "status_replaced_by": st.one_of(st.sampled_from(fs.CODES), fs.odd_text),
}


@fuzz(20)
@given(data=st.data())
def test_procedure_edit_form(coordinator, world, data):
    procedure = world.procedure
    valid = {
        "commune": str(world.commune.pk),
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field,
        "national_url": "",
        "status": "current",
        "status_effective_on": "",
        "status_decision": "",
        "status_note": "",
        "status_replaced_by": "",
    }
    form = data.draw(fs.mutated(valid, PROCEDURE_ODD), "form")
    url = reverse("wagtailsnippets_procedures_procedure:edit", args=(procedure.pk,))
    post_form(coordinator, url, form)


# --- Staff: statistics dashboard and its export ----------------------------------------------

PERIOD_ODD = {
    "xa": fs.odd_choice(),
    "tu": fs.date_text,
    "den": fs.date_text,
    "khoang": fs.odd_choice(["7", "30", "thang", "quy", "nam"]),
    "format": fs.odd_choice(["xlsx", "docx"]),
}


def period(data, world) -> dict:
    valid = {"xa": str(world.commune.pk), "tu": "01/01/2026", "den": "31/01/2026", "khoang": ""}
    return data.draw(fs.mutated(valid | {"format": "csv"}, PERIOD_ODD), "period")


@fuzz(30)
@given(data=st.data())
def test_dashboard_parameters(province_officer, world, data):
    # A province officer reads both views (the comparison is theirs only) and chooses a commune.
    client = province_officer
    view = data.draw(st.sampled_from(["analytics_dashboard", "analytics_compare"]), "view")
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in period(data, world).items())
    query += "&" + data.draw(fs.query_strings(["xa", "tu", "den", "khoang"]), "more")
    with one_example(client):
        before = snapshot()
        response = client.get(f"{reverse(view)}?{query}")
        assert_answered(response)
        assert_nothing_stored(before, response)


@fuzz(25)
@given(data=st.data())
def test_dashboard_export(coordinator, world, data):
    def started(response) -> bool:
        return response.status_code == 302 and "/thong-ke/xuat/" in response["Location"]

    post_form(coordinator, reverse("analytics_export"), period(data, world), accepted=started)


# --- Staff: units and roles (superuser) ------------------------------------------------------


@fuzz(15)
@given(data=st.data())
def test_unit_form(superuser, world, data):
    valid = {"commune": str(world.commune.pk), "name": "Tổ công nghệ số", "kind": "office"}
    odd = {"commune": fs.odd_choice(), "name": fs.odd_text, "kind": fs.odd_choice(["village"])}
    post_form(superuser, reverse("communes_unit:add"), data.draw(fs.mutated(valid, odd)))


@fuzz(20)
@given(data=st.data())
def test_membership_form(superuser, world, data):
    unit = Unit.objects.get(commune=world.commune)
    valid = {
        "user": str(world.admin.pk),
        "role": "editor",
        "commune": str(world.commune.pk),
        "unit": str(unit.pk),
        "province": "",
    }
    odd = {
        "user": fs.odd_choice([str(world.coordinator.pk)]),
        "role": fs.odd_choice([r for r, _ in Membership.Role.choices]),
        "commune": fs.odd_choice(),
        "unit": fs.odd_choice(),
        "province": fs.odd_choice([str(world.commune.province_id)]),
    }
    form = data.draw(fs.mutated(valid, odd), "form")
    post_form(superuser, reverse("communes_membership:add"), form)


# --- Staff: uploads and their choosers ---------------------------------------------------------

UPLOAD_MODELS = (get_document_model(), get_image_model())


@fuzz(30)
@given(data=st.data())
def test_document_upload(coordinator, world, data):
    name, content = data.draw(fs.document_uploads(), "file")
    valid = {"title": "Kế hoạch", "collection": str(collection_for(world.commune).id)}
    odd = {"title": fs.odd_text, "collection": fs.odd_choice()}
    form = data.draw(fs.mutated(valid, odd), "form")
    form["file"] = SimpleUploadedFile(name, content)
    post_form(coordinator, reverse("wagtaildocs:add"), form, extra=UPLOAD_MODELS)


IMAGE_VIEWS = {
    # view: (URL name, form field prefix, was the upload accepted?)
    "add": ("wagtailimages:add", "", lambda r: r.status_code == 302),
    "multiple": (
        "wagtailimages:add_multiple",
        "",
        lambda r: r.status_code == 200 and r.json().get("success"),
    ),
    "chooser": (
        "wagtailimages_chooser:create",
        "image-chooser-upload-",
        lambda r: r.status_code == 200 and r.json()["step"] != "reshow_creation_form",
    ),
}


@fuzz(40)
@given(data=st.data())
def test_image_upload(coordinator, world, data):
    name, content = data.draw(fs.image_uploads(), "file")
    view = data.draw(st.sampled_from(sorted(IMAGE_VIEWS)), "view")
    url_name, prefix, accepted = IMAGE_VIEWS[view]
    valid = {"title": "Ảnh", "collection": str(collection_for(world.commune).id)}
    odd = {"title": fs.odd_text, "collection": fs.odd_choice()}
    fields = data.draw(fs.mutated(valid, odd), "form")
    form = {f"{prefix}{k}": v for k, v in fields.items()}
    form["files[]" if view == "multiple" else f"{prefix}file"] = SimpleUploadedFile(name, content)
    post_form(coordinator, reverse(url_name), form, accepted=accepted, extra=UPLOAD_MODELS)


@fuzz(30)
@given(data=st.data())
def test_admin_listings_and_choosers_search(coordinator, world, data):
    view = data.draw(
        st.sampled_from(
            [
                "wagtaildocs:index",
                "wagtailimages:index",
                "wagtaildocs_chooser:choose",
                "wagtaildocs_chooser:choose_results",
                "wagtailimages_chooser:choose",
                "wagtailimages_chooser:choose_results",
                "wagtailsnippets_procedures_procedure:list",
                "wagtailadmin_pages:search",
            ]
        ),
        "view",
    )
    query = data.draw(fs.query_strings(["q", "p", "collection_id", "ordering"]), "query")
    with one_example(coordinator):
        before = snapshot(UPLOAD_MODELS)
        response = coordinator.get(f"{reverse(view)}?{query}")
        assert_answered(response)
        assert_nothing_stored(before, response, UPLOAD_MODELS)
