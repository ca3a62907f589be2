"""Editorial workflow and back-office isolation, driven through the Wagtail admin's own views."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cchc.communes.models import Membership, Unit
from cchc.communes.services import membership_grant
from cchc.portal.models import ArticleIndexPage, ArticlePage, ReformSectionPage

pytestmark = pytest.mark.django_db

HOST_A = "duc-tho.localhost"
HOST_B = "nguyet-vien.localhost"


@pytest.fixture
def staff(django_user_model):
    def make(username: str, *, role: str, commune=None, unit=None, province=None):
        user = django_user_model.objects.create_user(username, password="x")
        membership_grant(user=user, role=role, commune=commune, unit=unit, province=province)
        return user

    return make


def login_as(client, user) -> None:
    # A fresh session and no flash messages left over from the previous user's actions.
    client.logout()
    client.cookies.pop("messages", None)
    client.force_login(user)


def news_index(commune) -> ArticleIndexPage:
    return ArticleIndexPage.objects.descendant_of(commune.root_page).get()


def article_form(title: str, slug: str, **extra) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Tóm tắt tin thử.",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung tin.</p>"))]),
            "comments": inline_formset([]),
            "author_name": "Phóng viên",
            **extra,
        }
    )


def add_article(client, commune, title: str, slug: str, action: str = "action-submit", **extra):
    url = reverse("wagtailadmin_pages:add", args=("portal", "articlepage", news_index(commune).id))
    data = article_form(title, slug, **extra)
    data[action] = "1"
    return client.post(url, data, HTTP_HOST=HOST_A)


def workflow_action(client, page: Page, action: str, comment: str = ""):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.id, action, task_state.id))
    return client.post(url, {"comment": comment}, HTTP_HOST=HOST_A)


@pytest.fixture
def editor_a(staff, commune_a):
    return staff("bien-tap-a", role=Membership.Role.EDITOR, commune=commune_a)


@pytest.fixture
def coordinator_a(staff, commune_a):
    return staff("dieu-phoi-a", role=Membership.Role.COORDINATOR, commune=commune_a)


@pytest.fixture
def submitted(client, editor_a, commune_a) -> ArticlePage:
    login_as(client, editor_a)
    response = add_article(client, commune_a, "Tin cải cách mới", "tin-cai-cach-moi")
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return ArticlePage.objects.get(slug="tin-cai-cach-moi")


def test_each_commune_has_its_approval_workflow_on_the_reform_section(commune_a, commune_b):
    for commune in (commune_a, commune_b):
        section = ReformSectionPage.objects.child_of(commune.root_page).get()
        workflow = WorkflowPage.objects.get(page=section).workflow
        assert workflow.name.startswith(f"Duyệt tin bài — {commune.full_name}")
        task = workflow.tasks.get().specific
        assert {g.name for g in task.groups.all()} == {
            f"{commune.full_name} ({commune.code}) — {Membership.Role.COORDINATOR.label}",
            f"{commune.full_name} ({commune.code}) — {Membership.Role.LEADER.label}",
        }
        assert section.get_workflow() == workflow


def test_pages_outside_the_section_go_to_the_communes_reviewers_too(
    client, editor_a, coordinator_a, commune_a
):
    """Not to Wagtail's default "Moderators" workflow, which no commune reviewer can approve."""
    login_as(client, editor_a)
    url = reverse("wagtailadmin_pages:add", args=("portal", "standardpage", commune_a.root_page_id))
    data = nested_form_data(
        {
            "title": "Lịch sử xã",
            "slug": "lich-su-xa",
            "body": rich_text("<p>Đức Thọ nằm bên sông La.</p>"),
            "comments": inline_formset([]),
            "action-submit": "1",
        }
    )
    response = client.post(url, data, HTTP_HOST=HOST_A)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = Page.objects.get(slug="lich-su-xa")
    assert not page.live
    section = ReformSectionPage.objects.child_of(commune_a.root_page).get()
    assert page.current_workflow_state.workflow == section.get_workflow()

    login_as(client, coordinator_a)
    workflow_action(client, page, "approve")
    page.refresh_from_db()
    assert page.live


def test_the_migration_attaches_existing_communes_workflows_to_their_home_pages(commune_a):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "cchc.communes.migrations.0002_commune_workflow_on_home_page"
    )
    section = ReformSectionPage.objects.child_of(commune_a.root_page).get()
    WorkflowPage.objects.filter(page=commune_a.root_page).delete()  # as before the migration
    assert not WorkflowPage.objects.filter(page=commune_a.root_page).exists()
    migration.attach_to_home_pages(apps, None)
    migration.attach_to_home_pages(apps, None)  # a re-run changes nothing
    assert WorkflowPage.objects.get(page=commune_a.root_page).workflow == section.get_workflow()


def test_editors_have_no_publish_permission(editor_a, commune_a):
    perms = editor_a.groups.get().page_permissions.values_list("permission__codename", flat=True)
    assert "publish_page" not in set(perms)
    section = ReformSectionPage.objects.child_of(commune_a.root_page).get()
    assert not section.permissions_for_user(editor_a).can_publish()


def test_an_editor_submits_an_article_and_it_is_not_live(submitted, commune_a, client):
    assert submitted.live is False
    assert submitted.workflow_in_progress
    assert submitted.current_workflow_task.name.startswith("Điều phối viên")
    # The public does not see it.
    assert client.get(submitted.get_url(), HTTP_HOST=HOST_A).status_code == 404


def test_the_coordinator_approves_and_the_article_goes_live_at_its_public_url(
    submitted, coordinator_a, client
):
    login_as(client, coordinator_a)
    response = workflow_action(client, submitted, "approve")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live
    assert submitted.url_path.endswith("/cai-cach-hanh-chinh/tin-tuc/tin-cai-cach-moi/")
    client.logout()
    public = client.get("/cai-cach-hanh-chinh/tin-tuc/tin-cai-cach-moi/", HTTP_HOST=HOST_A)
    assert public.status_code == 200
    assert "Tin cải cách mới" in public.content.decode()
    # Revisions are kept: the submitted one is the one that was published.
    assert submitted.revisions.count() >= 1
    assert submitted.live_revision_id == submitted.latest_revision_id


def test_approving_an_article_with_a_future_go_live_date_schedules_it(
    client, editor_a, coordinator_a, commune_a
):
    login_as(client, editor_a)
    go_live = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    response = add_article(client, commune_a, "Tin hẹn giờ", "tin-hen-gio", go_live_at=go_live)
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="tin-hen-gio")
    login_as(client, coordinator_a)
    workflow_action(client, page, "approve")
    page.refresh_from_db()
    assert page.live is False
    assert page.scheduled_revision is not None


def test_a_coordinator_asking_for_changes_leaves_the_article_a_draft(
    submitted, coordinator_a, client
):
    login_as(client, coordinator_a)
    response = workflow_action(client, submitted, "reject", comment="Bổ sung nguồn tin.")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.live is False
    assert submitted.current_workflow_state.status == "needs_changes"


def test_an_editor_cannot_publish_directly(client, editor_a, commune_a):
    login_as(client, editor_a)
    add_article(client, commune_a, "Tin tự đăng", "tin-tu-dang", action="action-publish")
    page = ArticlePage.objects.get(slug="tin-tu-dang")
    assert page.live is False

    edit = reverse("wagtailadmin_pages:edit", args=(page.id,))
    data = article_form("Tin tự đăng", "tin-tu-dang")
    data["action-publish"] = "1"
    client.post(edit, data, HTTP_HOST=HOST_A)
    page.refresh_from_db()
    assert page.live is False


def test_the_coordinator_of_another_commune_cannot_see_edit_or_approve(
    submitted, staff, commune_b, client
):
    other = staff("dieu-phoi-b", role=Membership.Role.COORDINATOR, commune=commune_b)
    login_as(client, other)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(submitted.id,)), HTTP_HOST=HOST_B)
    assert edit.status_code in (302, 403, 404)
    assert "Tin cải cách mới" not in edit.content.decode()

    news = client.get(
        reverse("wagtailadmin_explore", args=(submitted.get_parent().id,)), HTTP_HOST=HOST_B
    )
    assert "Tin cải cách mới" not in news.content.decode()
    search = client.get(reverse("wagtailadmin_pages:search") + "?q=c%E1%BA%A3i", HTTP_HOST=HOST_B)
    assert "Tin cải cách mới" not in search.content.decode()

    approve = workflow_action(client, submitted, "approve")
    assert approve.status_code in (302, 403, 404)
    submitted.refresh_from_db()
    assert submitted.live is False

    chooser = client.get(
        reverse("wagtailadmin_choose_page_child", args=(submitted.get_parent().id,)),
        HTTP_HOST=HOST_B,
    )
    assert "Tin cải cách mới" not in chooser.content.decode()


def test_the_coordinator_sees_the_submitted_article_in_the_explorer(
    submitted, coordinator_a, client
):
    login_as(client, coordinator_a)
    listing = client.get(
        reverse("wagtailadmin_explore", args=(submitted.get_parent().id,)), HTTP_HOST=HOST_A
    )
    assert listing.status_code == 200
    assert "Tin cải cách mới" in listing.content.decode()


def test_a_unit_editor_sees_and_edits_only_their_own_units_drafts(client, staff, commune_a):
    school = Unit.objects.create(commune=commune_a, name="Trường Tiểu học", kind="school")
    village = Unit.objects.create(commune=commune_a, name="Thôn 1", kind="village")
    teacher = staff("giao-vien", role=Membership.Role.EDITOR, commune=commune_a, unit=school)
    head = staff("truong-thon", role=Membership.Role.EDITOR, commune=commune_a, unit=village)

    login_as(client, teacher)
    # The unit field is filled from the membership, whatever the form says.
    add_article(
        client, commune_a, "Tin của trường", "tin-cua-truong", "action-submit", unit=village.id
    )
    school_news = ArticlePage.objects.get(slug="tin-cua-truong")
    assert school_news.unit == school

    login_as(client, head)
    add_article(client, commune_a, "Tin của thôn", "tin-cua-thon", "action-submit")
    assert ArticlePage.objects.get(slug="tin-cua-thon").unit == village

    listing = client.get(
        reverse("wagtailadmin_explore", args=(news_index(commune_a).id,)), HTTP_HOST=HOST_A
    ).content.decode()
    assert "Tin của thôn" in listing
    assert "Tin của trường" not in listing
    edit_url = reverse("wagtailadmin_pages:edit", args=(school_news.id,))
    edit = client.get(edit_url, HTTP_HOST=HOST_A)
    # Wagtail turns the refusal into a redirect to the admin home with an error message.
    assert edit.status_code in (302, 403)
    assert "Tin của trường" not in edit.content.decode()
    client.post(edit_url, article_form("Tin bị sửa", "tin-cua-truong"), HTTP_HOST=HOST_A)
    school_news.refresh_from_db()
    assert school_news.title == "Tin của trường"


def test_wagtails_page_search_and_filtered_listing_hide_other_units_drafts(
    client, staff, commune_a
):
    """Wagtail's page search and the filtered whole-tree listing ask the permission policy,
    not the explorer hook: the unit rule must hold there too (decision 0004)."""
    school = Unit.objects.create(commune=commune_a, name="Trường Tiểu học", kind="school")
    village = Unit.objects.create(commune=commune_a, name="Thôn 1", kind="village")
    teacher = staff("giao-vien", role=Membership.Role.EDITOR, commune=commune_a, unit=school)
    head = staff("truong-thon", role=Membership.Role.EDITOR, commune=commune_a, unit=village)
    coordinator = staff("dieu-phoi", role=Membership.Role.COORDINATOR, commune=commune_a)
    login_as(client, teacher)
    add_article(client, commune_a, "Lịch tiêm chủng của trường", "lich-tiem-chung-truong")
    login_as(client, head)
    add_article(client, commune_a, "Lịch tiêm chủng của thôn", "lich-tiem-chung-thon")

    search = reverse("wagtailadmin_pages:search")
    whole_tree = reverse("wagtailadmin_explore", args=(commune_a.root_page_id,))
    filtered = {"has_child_pages": "false"}  # a filter lists the whole tree, flat
    pages = {
        "search": (search, {"q": "tiêm chủng"}),
        "whole-tree search": (whole_tree, {"q": "tiêm chủng", "search_all": "1"}),
        "filtered listing": (whole_tree, filtered),
    }
    for name, (url, params) in pages.items():
        login_as(client, head)
        seen = client.get(url, params, HTTP_HOST=HOST_A)
        assert seen.status_code == 200, name
        html = seen.content.decode()
        assert "Lịch tiêm chủng của thôn" in html, name
        assert "Lịch tiêm chủng của trường" not in html, name
        # The coordinator of the commune still finds both drafts there.
        login_as(client, coordinator)
        html = client.get(url, params, HTTP_HOST=HOST_A).content.decode()
        assert "Lịch tiêm chủng của trường" in html, name
        assert "Lịch tiêm chủng của thôn" in html, name


def test_a_unit_editor_sees_other_units_articles_once_they_are_live(
    client, staff, commune_a, coordinator_a
):
    school = Unit.objects.create(commune=commune_a, name="Trường Tiểu học", kind="school")
    village = Unit.objects.create(commune=commune_a, name="Thôn 1", kind="village")
    teacher = staff("giao-vien", role=Membership.Role.EDITOR, commune=commune_a, unit=school)
    head = staff("truong-thon", role=Membership.Role.EDITOR, commune=commune_a, unit=village)
    login_as(client, teacher)
    add_article(client, commune_a, "Tin của trường", "tin-cua-truong")
    page = ArticlePage.objects.get(slug="tin-cua-truong")
    login_as(client, coordinator_a)
    workflow_action(client, page, "approve")

    login_as(client, head)
    listing = client.get(
        reverse("wagtailadmin_explore", args=(news_index(commune_a).id,)), HTTP_HOST=HOST_A
    ).content.decode()
    assert "Tin của trường" in listing


def test_a_province_officer_reads_the_provinces_communes_but_cannot_edit(
    submitted, staff, commune_a, commune_b, client
):
    officer = staff("so-noi-vu", role=Membership.Role.PROVINCE_OFFICER, province=commune_a.province)
    login_as(client, officer)
    listing = client.get(reverse("cchc_province_pages"), HTTP_HOST=HOST_A)
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Tin cải cách mới" in text
    assert commune_b.full_name not in text

    draft = client.get(reverse("cchc_province_page", args=(submitted.id,)), HTTP_HOST=HOST_A)
    assert draft.status_code == 200
    assert "Tin cải cách mới" in draft.content.decode()

    other = Page.objects.descendant_of(commune_b.root_page).last()
    assert (
        client.get(reverse("cchc_province_page", args=(other.id,)), HTTP_HOST=HOST_A).status_code
        == 404
    )

    edit_url = reverse("wagtailadmin_pages:edit", args=(submitted.id,))
    assert client.get(edit_url, HTTP_HOST=HOST_A).status_code in (302, 403)
    data = article_form("Sửa trộm", "tin-cai-cach-moi")
    data["action-publish"] = "1"
    client.post(edit_url, data, HTTP_HOST=HOST_A)
    submitted.refresh_from_db()
    assert submitted.title == "Tin cải cách mới"
    assert submitted.live is False


def test_the_admin_speaks_vietnamese_even_to_an_english_browser(
    submitted, editor_a, coordinator_a, client
):
    login_as(client, coordinator_a)
    home = client.get("/quan-tri/", HTTP_HOST=HOST_A, HTTP_ACCEPT_LANGUAGE="en")
    text = home.content.decode()
    assert home.status_code == 200
    assert 'lang="vi"' in text
    assert "Bạn có thể làm gì ở đây" in text
    assert "Duyệt tin, bài được gửi lên" in text
    assert "Đang chờ bạn duyệt" in text  # Wagtail's "Awaiting your review", from cchc/locale
    assert "Awaiting your review" not in text

    login_as(client, editor_a)
    add_url = reverse(
        "wagtailadmin_pages:add", args=("portal", "articlepage", submitted.get_parent().id)
    )
    add = client.get(add_url, HTTP_HOST=HOST_A, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Lưu nháp" in add
    assert "Save draft" not in add
    # The editor's main action is a plain "Gửi duyệt": no workflow name, no commune code (0019).
    assert "Gửi duyệt" in add.split("<footer")[-1]
    assert "Gửi duyệt theo quy trình" not in add
    assert "Xuất bản" not in add.split("<footer")[-1]  # no publish button for an editor


def test_reviewers_of_the_commune_and_no_one_else_are_told_in_vietnamese(
    client, editor_a, staff, commune_a, commune_b, mailoutbox
):
    reviewer = staff("lanh-dao-a", role=Membership.Role.LEADER, commune=commune_a)
    reviewer.email = "lanh-dao@duc-tho.example"
    reviewer.save()
    outsider = staff("dieu-phoi-b", role=Membership.Role.COORDINATOR, commune=commune_b)
    outsider.email = "dieu-phoi@nguyet-vien.example"
    outsider.save()
    login_as(client, editor_a)
    add_article(client, commune_a, "Tin thông báo", "tin-thong-bao")
    recipients = {address for message in mailoutbox for address in message.to}
    assert "lanh-dao@duc-tho.example" in recipients
    assert "dieu-phoi@nguyet-vien.example" not in recipients
    subject = next(m.subject for m in mailoutbox if "lanh-dao@duc-tho.example" in m.to)
    assert "Tin thông báo" in subject
    assert "gửi duyệt" in subject


def test_the_article_form_offers_only_the_communes_own_units(
    client, coordinator_a, commune_a, commune_b
):
    Unit.objects.create(commune=commune_a, name="Thôn Trung Lương", kind="village")
    Unit.objects.create(commune=commune_b, name="Khu phố Nguyệt Viên 3", kind="village")
    login_as(client, coordinator_a)
    index_id = news_index(commune_a).id
    url = reverse("wagtailadmin_pages:add", args=("portal", "articlepage", index_id))
    form = client.get(url, HTTP_HOST=HOST_A).content.decode()
    assert "Thôn Trung Lương" in form
    assert "Khu phố Nguyệt Viên 3" not in form


@pytest.mark.parametrize(
    "report",
    [
        "wagtailadmin_reports:workflow",
        "wagtailadmin_reports:workflow_tasks",
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:aging_pages",
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_home",
    ],
)
def test_reports_of_another_commune_do_not_mention_the_article(
    client, submitted, staff, commune_b, coordinator_a, report
):
    login_as(client, coordinator_a)
    workflow_action(client, submitted, "approve")
    other = staff("dieu-phoi-b", role=Membership.Role.COORDINATOR, commune=commune_b)
    login_as(client, other)
    response = client.get(reverse(report), HTTP_HOST=HOST_B)
    assert response.status_code == 200
    assert "Tin cải cách mới" not in response.content.decode()


def test_the_communes_own_coordinator_finds_the_article_in_the_reports(
    client, submitted, coordinator_a
):
    # The counterpart of the test above: the reports do list pages, just not other communes'.
    login_as(client, coordinator_a)
    workflow_action(client, submitted, "approve")
    for report in ["wagtailadmin_reports:workflow", "wagtailadmin_reports:site_history"]:
        response = client.get(reverse(report), HTTP_HOST=HOST_A)
        assert "Tin cải cách mới" in response.content.decode(), report
