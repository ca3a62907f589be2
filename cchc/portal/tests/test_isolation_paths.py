"""The unit and commune rules on every path of Wagtail's admin that issue 9 found open.

Each test is one case of the issue: a unit editor acting on (or reading) another unit's draft,
a coordinator reading another commune's titles, a province officer in Wagtail's page views, and
the chooser searches that failed with a server error. A title the user may not see must not be
rendered at all, not even in a "you have no permission" list.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cchc.communes.groups import collection_for
from cchc.communes.models import Membership, Unit
from cchc.communes.services import membership_grant
from cchc.portal.models import ArticleIndexPage, ArticlePage
from cchc.procedures.models import Procedure

pytestmark = pytest.mark.django_db

HOST_A = "duc-tho.localhost"
HOST_B = "nguyet-vien.localhost"
SECRET = "Bí mật thôn Zqxw"  # the village's draft: no one outside the village unit may read it
DOC_SECRET = "Tài liệu riêng Zqxw"
IMAGE_SECRET = "Ảnh riêng Zqxw"
PROCEDURE_SECRET = "Thủ tục riêng Zqxw"


def make_user(django_user_model, username: str, **grant):
    user = django_user_model.objects.create_user(username, password="x")
    membership_grant(user=user, **grant)
    return user


def login(client, user) -> None:
    client.logout()
    client.cookies.pop("messages", None)
    client.force_login(user)


def news_index(commune) -> ArticleIndexPage:
    return ArticleIndexPage.objects.descendant_of(commune.root_page).get()


def add_draft(commune, *, title: str, slug: str, unit, owner, submit: bool = True) -> ArticlePage:
    page = ArticlePage(
        title=title,
        slug=slug,
        summary=f"Tóm tắt {title}",
        body=[("paragraph", RichText(f"<p>{title}</p>"))],
        unit=unit,
        owner=owner,
        live=False,
    )
    news_index(commune).add_child(instance=page)
    page.save_revision(user=owner)
    page.save_revision(user=owner)  # two revisions, for the compare view
    if submit:
        page.get_workflow().start(page, owner)
    return ArticlePage.objects.get(pk=page.pk)


@pytest.fixture
def units(commune_a):
    return {
        "school": Unit.objects.create(commune=commune_a, name="Trường Tiểu học", kind="school"),
        "village": Unit.objects.create(commune=commune_a, name="Thôn 1", kind="village"),
    }


@pytest.fixture
def teacher(django_user_model, commune_a, units):
    """The unit editor who attacks: an editor of the school."""
    return make_user(
        django_user_model,
        "giao-vien",
        role=Membership.Role.EDITOR,
        commune=commune_a,
        unit=units["school"],
    )


@pytest.fixture
def head(django_user_model, commune_a, units):
    return make_user(
        django_user_model,
        "truong-thon",
        role=Membership.Role.EDITOR,
        commune=commune_a,
        unit=units["village"],
    )


@pytest.fixture
def coordinator_a(django_user_model, commune_a):
    return make_user(
        django_user_model, "dieu-phoi-a", role=Membership.Role.COORDINATOR, commune=commune_a
    )


@pytest.fixture
def coordinator_b(django_user_model, commune_b):
    return make_user(
        django_user_model, "dieu-phoi-b", role=Membership.Role.COORDINATOR, commune=commune_b
    )


@pytest.fixture
def officer(django_user_model, commune_a):
    return make_user(
        django_user_model,
        "so-noi-vu",
        role=Membership.Role.PROVINCE_OFFICER,
        province=commune_a.province,
    )


@pytest.fixture
def village_draft(commune_a, units, head) -> ArticlePage:
    return add_draft(commune_a, title=SECRET, slug="bi-mat-thon", unit=units["village"], owner=head)


@pytest.fixture
def school_draft(commune_a, units, teacher) -> ArticlePage:
    return add_draft(
        commune_a,
        title="Tin của trường",
        slug="tin-cua-truong",
        unit=units["school"],
        owner=teacher,
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png_file(name: str) -> ContentFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


@pytest.fixture
def document_a(commune_a):
    return get_document_model().objects.create(
        title=DOC_SECRET,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="rieng.pdf"),
        collection=collection_for(commune_a),
    )


@pytest.fixture
def image_a(commune_a):
    return get_image_model().objects.create(
        title=IMAGE_SECRET, file=png_file("rieng.png"), collection=collection_for(commune_a)
    )


@pytest.fixture
def procedure_a(commune_a):
    return Procedure.objects.create(
        commune=commune_a, code="1.000001", name=PROCEDURE_SECRET, field="Hộ tịch"
    )


def bulk_url(app: str, model: str, action: str, *ids: int) -> str:
    query = "&".join(f"id={i}" for i in ids)
    return reverse("wagtail_bulk_action", args=(app, model, action)) + "?" + query


def text_of(response) -> str:
    """The response as text; choosers answer JSON, whose escapes would hide a title."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def assert_hidden(response, *secrets: str) -> None:
    assert response.status_code < 500, response.status_code
    html = text_of(response)
    for secret in secrets:
        assert secret not in html, f"{secret!r} rendered ({response.status_code})"


# --- A unit editor and another unit's draft -------------------------------------------------


def test_a_unit_editor_cannot_bulk_delete_another_units_draft(client, teacher, village_draft):
    login(client, teacher)
    url = bulk_url("wagtailcore", "page", "delete", village_draft.id)
    assert_hidden(client.get(url, HTTP_HOST=HOST_A), SECRET)
    response = client.post(url, {}, HTTP_HOST=HOST_A)
    assert response.status_code < 500
    assert Page.objects.filter(pk=village_draft.pk).exists()


def test_a_unit_editor_cannot_view_another_units_draft(client, teacher, village_draft):
    login(client, teacher)
    url = reverse("wagtailadmin_pages:view_draft", args=(village_draft.id,))
    response = client.get(url, HTTP_HOST=HOST_A)
    assert response.status_code != 200
    assert_hidden(response, SECRET)


def test_a_unit_editor_cannot_view_another_units_revision(client, teacher, village_draft):
    login(client, teacher)
    revision = village_draft.latest_revision
    url = reverse("wagtailadmin_pages:revisions_view", args=(village_draft.id, revision.id))
    response = client.get(url, HTTP_HOST=HOST_A)
    assert response.status_code != 200
    assert_hidden(response, SECRET)


def test_a_unit_editor_cannot_compare_another_units_revisions(client, teacher, village_draft):
    login(client, teacher)
    first, second = village_draft.revisions.order_by("id")[:2]
    url = reverse(
        "wagtailadmin_pages:revisions_compare", args=(village_draft.id, first.id, second.id)
    )
    response = client.get(url, HTTP_HOST=HOST_A)
    assert response.status_code != 200
    assert_hidden(response, SECRET)


@pytest.mark.parametrize("view", ["history", "workflow_history", "usage"])
def test_a_unit_editor_cannot_read_another_units_draft_history(
    client, teacher, village_draft, view
):
    login(client, teacher)
    response = client.get(
        reverse(f"wagtailadmin_pages:{view}", args=(village_draft.id,)), HTTP_HOST=HOST_A
    )
    assert response.status_code != 200
    assert_hidden(response, SECRET)


def test_a_unit_editor_cannot_copy_another_units_draft(client, teacher, village_draft, commune_a):
    login(client, teacher)
    url = reverse("wagtailadmin_pages:copy", args=(village_draft.id,))
    assert_hidden(client.get(url, HTTP_HOST=HOST_A), SECRET)
    client.post(
        url,
        {
            "new_title": "Bản sao",
            "new_slug": "ban-sao",
            "new_parent_page": news_index(commune_a).id,
        },
        HTTP_HOST=HOST_A,
    )
    assert not Page.objects.filter(slug="ban-sao").exists()


def test_a_unit_editor_is_not_offered_a_bulk_move_of_another_units_draft(
    client, teacher, village_draft
):
    login(client, teacher)
    url = bulk_url("wagtailcore", "page", "move", village_draft.id)
    assert_hidden(client.get(url, HTTP_HOST=HOST_A), SECRET)


def test_a_unit_editor_does_not_explore_into_another_units_draft(client, teacher, village_draft):
    login(client, teacher)
    response = client.get(
        reverse("wagtailadmin_explore", args=(village_draft.id,)), HTTP_HOST=HOST_A
    )
    assert_hidden(response, SECRET)


def test_a_unit_editor_cannot_lock_or_delete_another_units_draft(client, teacher, village_draft):
    login(client, teacher)
    perms = village_draft.permissions_for_user(teacher)
    assert not any(
        [
            perms.can_edit(),
            perms.can_delete(),
            perms.can_copy(),
            perms.can_move(),
            perms.can_lock(),
            perms.can_view_revisions(),
        ]
    )
    client.post(reverse("wagtailadmin_pages:lock", args=(village_draft.id,)), HTTP_HOST=HOST_A)
    village_draft.refresh_from_db()
    assert not village_draft.locked


def test_the_workflow_report_hides_another_units_draft_from_a_unit_editor(
    client, teacher, village_draft
):
    login(client, teacher)
    for name in ["wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_tasks"]:
        assert_hidden(client.get(reverse(name), HTTP_HOST=HOST_A), SECRET)


def test_a_unit_editor_still_works_on_their_own_units_draft(client, teacher, school_draft):
    """The counterpart: the rules leave the editor's own unit alone."""
    login(client, teacher)
    for view in ["history", "workflow_history", "usage", "view_draft"]:
        response = client.get(
            reverse(f"wagtailadmin_pages:{view}", args=(school_draft.id,)), HTTP_HOST=HOST_A
        )
        assert response.status_code == 200, view
    bulk = client.get(bulk_url("wagtailcore", "page", "delete", school_draft.id), HTTP_HOST=HOST_A)
    assert bulk.status_code == 200
    assert "Tin của trường" in bulk.content.decode()


# --- A coordinator and another commune --------------------------------------------------------


@pytest.mark.parametrize("action", ["delete", "move", "publish", "unpublish"])
def test_page_bulk_actions_do_not_name_another_communes_draft(
    client, coordinator_b, village_draft, action
):
    login(client, coordinator_b)
    url = bulk_url("wagtailcore", "page", action, village_draft.id)
    assert_hidden(client.get(url, HTTP_HOST=HOST_B), SECRET)


def test_the_move_confirmation_does_not_name_another_communes_draft(
    client, coordinator_b, village_draft, commune_b
):
    login(client, coordinator_b)
    target = ArticleIndexPage.objects.descendant_of(commune_b.root_page).get()
    url = reverse("wagtailadmin_pages:move_confirm", args=(village_draft.id, target.id))
    assert_hidden(client.get(url, HTTP_HOST=HOST_B), SECRET)


def test_the_page_types_report_counts_only_the_own_commune(
    client, coordinator_b, village_draft, coordinator_a
):
    login(client, coordinator_b)
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"), HTTP_HOST=HOST_B)
    assert_hidden(response, SECRET)
    counts = {ct.model: ct.count for ct in response.context["object_list"]}
    assert counts.get("articlepage", 0) == 0  # commune B has no article; A's draft is not B's

    login(client, coordinator_a)
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"), HTTP_HOST=HOST_A)
    counts = {ct.model: ct.count for ct in response.context["object_list"]}
    assert counts["articlepage"] == 1
    assert SECRET in response.content.decode()  # the commune's own last-edited page


@pytest.mark.parametrize("action", ["delete", "add_to_collection", "add_tags"])
def test_document_bulk_actions_do_not_name_another_communes_document(
    client, coordinator_b, document_a, action
):
    login(client, coordinator_b)
    url = bulk_url("wagtaildocs", "document", action, document_a.id)
    assert_hidden(client.get(url, HTTP_HOST=HOST_B), DOC_SECRET)


@pytest.mark.parametrize("action", ["delete", "add_to_collection", "add_tags"])
def test_image_bulk_actions_do_not_name_another_communes_image(
    client, coordinator_b, image_a, action
):
    login(client, coordinator_b)
    url = bulk_url("wagtailimages", "image", action, image_a.id)
    assert_hidden(client.get(url, HTTP_HOST=HOST_B), IMAGE_SECRET)


def test_the_snippet_bulk_delete_does_not_name_another_communes_procedure(
    client, coordinator_b, procedure_a
):
    login(client, coordinator_b)
    url = bulk_url("procedures", "procedure", "delete", procedure_a.id)
    assert_hidden(client.get(url, HTTP_HOST=HOST_B), PROCEDURE_SECRET)


def test_the_procedure_chooser_lists_only_the_own_communes_procedures(
    client, coordinator_b, procedure_a, commune_b
):
    Procedure.objects.create(commune=commune_b, code="1.000002", name="Thủ tục của B", field="x")
    login(client, coordinator_b)
    choose = client.get("/quan-tri/snippets/choose/procedures/procedure/", HTTP_HOST=HOST_B)
    assert choose.status_code == 200
    assert "Thủ tục của B" in text_of(choose)
    assert_hidden(choose, PROCEDURE_SECRET)
    results = client.get(
        "/quan-tri/snippets/choose/procedures/procedure/results/",
        {"q": "Thủ tục"},
        HTTP_HOST=HOST_B,
    )
    assert_hidden(results, PROCEDURE_SECRET)
    chosen = client.get(
        f"/quan-tri/snippets/choose/procedures/procedure/chosen/{procedure_a.pk}/", HTTP_HOST=HOST_B
    )
    assert chosen.status_code == 404
    assert_hidden(chosen, PROCEDURE_SECRET)
    multiple = client.get(
        f"/quan-tri/snippets/choose/procedures/procedure/chosen-multiple/?id={procedure_a.pk}",
        HTTP_HOST=HOST_B,
    )
    assert_hidden(multiple, PROCEDURE_SECRET)


@pytest.mark.parametrize(
    "name", ["wagtailadmin_reports:workflow", "wagtailadmin_reports:workflow_tasks"]
)
def test_workflow_reports_name_only_the_own_communes_workflow(
    client, coordinator_b, village_draft, commune_a, commune_b, name
):
    login(client, coordinator_b)
    response = client.get(reverse(name), HTTP_HOST=HOST_B)
    assert response.status_code == 200
    html = response.content.decode()
    assert commune_b.full_name in html  # its own workflow and task in the filters
    assert commune_a.full_name not in html
    assert "truong-thon" not in html  # who asked for review elsewhere
    assert_hidden(response, SECRET)


@pytest.mark.parametrize("path", ["/quan-tri/workflows/list/", "/quan-tri/workflows/tasks/index/"])
def test_workflow_listings_name_no_other_commune(client, coordinator_b, commune_a, path):
    login(client, coordinator_b)
    response = client.get(path, HTTP_HOST=HOST_B)
    assert response.status_code < 500
    assert commune_a.full_name not in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:aging_pages",
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:workflow",
    ],
)
def test_other_reports_name_no_other_communes_page(
    client, coordinator_b, coordinator_a, village_draft, name
):
    village_draft.locked = True
    village_draft.locked_by = coordinator_a
    village_draft.save()
    login(client, coordinator_b)
    assert_hidden(client.get(reverse(name), HTTP_HOST=HOST_B), SECRET)


# --- A province officer in Wagtail's page views -----------------------------------------------


def test_a_province_officer_sees_no_page_in_wagtails_views(client, officer, village_draft):
    login(client, officer)
    for url in [
        reverse("wagtailadmin_pages:search") + "?q=Zqxw",
        reverse("wagtailadmin_explore", args=(village_draft.get_parent().id,)),
        reverse("wagtailadmin_explore", args=(village_draft.id,)),
        reverse("wagtailadmin_choose_page_child", args=(village_draft.get_parent().id,)),
        reverse("wagtailadmin_choose_page_search") + "?q=Zqxw",
        bulk_url("wagtailcore", "page", "delete", village_draft.id),
        reverse("wagtailadmin_reports:page_types_usage"),
    ]:
        assert_hidden(client.get(url, HTTP_HOST=HOST_A), SECRET)


# --- Chooser searches on what the search backend can filter -----------------------------------


@pytest.mark.parametrize(
    "url", ["/quan-tri/documents/chooser/results/", "/quan-tri/images/chooser/results/"]
)
def test_chooser_search_answers_a_non_superuser(
    client, teacher, coordinator_b, document_a, image_a, url
):
    login(client, teacher)
    response = client.get(url, {"q": "riêng"}, HTTP_HOST=HOST_A)
    assert response.status_code == 200
    assert DOC_SECRET in text_of(response) or IMAGE_SECRET in text_of(response)
    login(client, coordinator_b)
    response = client.get(url, {"q": "riêng"}, HTTP_HOST=HOST_B)
    assert response.status_code == 200
    assert_hidden(response, DOC_SECRET, IMAGE_SECRET)


# --- Another unit's live article with changes not yet approved --------------------------------

PENDING = "Sửa chưa duyệt Zqxw"  # the village's unapproved title for its live article


@pytest.fixture
def village_pending(commune_a, units, head) -> ArticlePage:
    """A live article of the village with changes submitted but not yet approved."""
    page = add_draft(
        commune_a, title="Tin đã đăng của thôn", slug="tin-thon", unit=units["village"], owner=head
    )
    page.get_latest_revision().publish()
    page = ArticlePage.objects.get(pk=page.pk)
    page.title = PENDING
    page.save_revision(user=head, log_action=True)
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live and page.has_unpublished_changes and page.draft_title == PENDING
    return page


def _pending_urls(page: ArticlePage) -> list[str]:
    parent = page.get_parent().id
    bulk = [bulk_url("wagtailcore", "page", a, page.id) for a in ("delete", "move", "publish")]
    return [
        reverse("wagtailadmin_explore", args=(parent,)),
        reverse("wagtailadmin_explore_results", args=(parent,)),
        reverse("wagtailadmin_pages:search") + "?q=Zqxw",
        reverse("wagtailadmin_pages:search_results") + "?q=Zqxw",
        reverse("wagtailadmin_pages:type_use", args=("portal", "articlepage")),
        reverse("wagtailadmin_pages:type_use_results", args=("portal", "articlepage")),
        reverse("wagtailadmin_choose_page_child", args=(parent,)),
        reverse("wagtailadmin_choose_page_search") + "?q=Zqxw",
        reverse("wagtailadmin_choose_page_chosen_multiple") + f"?id={page.id}",
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailadmin_reports:page_types_usage_results"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:site_history_results"),
        reverse("wagtailadmin_api:pages:listing") + f"?child_of={parent}&fields=title",
        reverse("wagtailadmin_api:pages:detail", args=(page.id,)),
        *bulk,
        bulk_url("wagtailcore", "page", "unpublish", page.id),
    ]


def test_a_unit_editor_sees_no_pending_title_of_another_units_live_article(
    client, teacher, village_pending
):
    login(client, teacher)
    leaks = []
    for url in _pending_urls(village_pending):
        response = client.get(url, HTTP_HOST=HOST_A)
        if response.status_code >= 500 or PENDING in text_of(response):
            leaks.append((url, response.status_code))
    assert leaks == []


def test_the_live_article_shows_again_once_its_changes_are_published(
    client, teacher, village_pending
):
    village_pending.get_latest_revision().publish()
    login(client, teacher)
    url = reverse("wagtailadmin_explore", args=(village_pending.get_parent().id,))
    assert PENDING in client.get(url, HTTP_HOST=HOST_A).content.decode()


# --- Names of another commune's staff in Wagtail's user filters -------------------------------


@pytest.fixture
def commune_b_staff_at_work(commune_b, coordinator_b):
    """Commune B's coordinator owns and edits a page, and edits a procedure, of commune B."""
    page = news_index(commune_b)
    Page.objects.filter(pk=page.pk).update(owner=coordinator_b)
    page.save_revision(user=coordinator_b, log_action=True)
    procedure = Procedure.objects.create(
        commune=commune_b, code="1.000002", name="Thủ tục của xã B", field="Hộ tịch"
    )
    log(instance=procedure, action="wagtail.edit", user=coordinator_b)
    return coordinator_b


@pytest.mark.parametrize("viewer", ["teacher", "coordinator_a"])
def test_user_filters_name_only_the_own_communes_staff(
    client, request, commune_b_staff_at_work, village_draft, commune_b, viewer
):
    site_b = Site.objects.get(root_page=commune_b.root_page)
    Site.objects.filter(pk=site_b.pk).update(site_name="Cổng xã B Wvyk")
    login(client, request.getfixturevalue(viewer))
    parent = village_draft.get_parent().id
    for url in [
        reverse("wagtailadmin_explore", args=(parent,)),
        reverse("wagtailadmin_pages:type_use", args=("portal", "articleindexpage")),
        reverse("wagtailadmin_reports:site_history"),
    ]:
        html = client.get(url, HTTP_HOST=HOST_A).content.decode()
        assert "dieu-phoi-b" not in html, url
        assert "Wvyk" not in html, url  # nor commune B's site in the page listings' site filter
        assert "truong-thon" in html, url  # the village head, a colleague: still offered


def test_site_history_names_no_other_provinces_staff_to_an_officer(
    client, officer, commune_b_staff_at_work
):
    login(client, officer)
    response = client.get(reverse("wagtailadmin_reports:site_history"), HTTP_HOST=HOST_A)
    assert response.status_code == 200
    assert "dieu-phoi-b" not in response.content.decode()


def test_the_form_pages_listing_is_not_installed(client, coordinator_a):
    # No page type is a form page; Wagtail's form listing offered every page owner as a filter.
    login(client, coordinator_a)
    assert client.get("/quan-tri/forms/", HTTP_HOST=HOST_A).status_code == 404


# --- Server errors on malformed requests ------------------------------------------------------


@pytest.mark.parametrize("data", [{}, {"external-link-chooser-url": ""}])
def test_the_external_link_chooser_asks_again_for_a_missing_url(client, teacher, data):
    login(client, teacher)
    url = reverse("wagtailadmin_choose_page_external_link")
    response = client.post(url, data, HTTP_HOST=HOST_A)
    assert response.status_code == 200
    assert response.json()["step"] == "external_link"  # the form again, not a link chosen
    assert "Hãy nhập địa chỉ liên kết (URL)." in response.json()["html"]


def test_the_external_link_chooser_still_returns_a_link(client, teacher):
    login(client, teacher)
    url = reverse("wagtailadmin_choose_page_external_link")
    data = {"external-link-chooser-url": "https://dichvucong.gov.vn/"}
    response = client.post(url, data, HTTP_HOST=HOST_A)
    assert response.json()["result"]["url"] == "https://dichvucong.gov.vn/"


@pytest.mark.parametrize("child_of", ["999999", "abc", "", "²", "٣"])
def test_select_all_of_a_missing_page_is_not_found(client, coordinator_a, child_of):
    login(client, coordinator_a)
    url = bulk_url("wagtailcore", "page", "delete") + f"id=all&childOf={child_of}"
    assert client.get(url, HTTP_HOST=HOST_A).status_code == 404


@pytest.mark.parametrize("odd_id", ["²", "٣", "1" * 25])
def test_a_bulk_action_on_an_odd_id_is_not_found(client, coordinator_a, odd_id):
    # "²".isdigit() is True yet the database cannot compare it with a key: a 500 before.
    login(client, coordinator_a)
    for app, model in (("wagtailcore", "page"), ("wagtaildocs", "document")):
        url = bulk_url(app, model, "delete") + f"id={odd_id}"
        assert client.get(url, HTTP_HOST=HOST_A).status_code == 404


def test_the_page_chooser_drops_odd_ids(client, coordinator_a):
    login(client, coordinator_a)
    url = reverse("wagtailadmin_choose_page_chosen_multiple") + "?id=²&id=٣"
    assert client.get(url, HTTP_HOST=HOST_A).status_code < 500
