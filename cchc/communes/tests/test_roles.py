"""Roles, groups and the approval workflow that commune_create sets up for each commune."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage
from wagtail.users.models import UserProfile

from cchc.communes.access import commune_reach, unit_scope
from cchc.communes.groups import groups_ensure
from cchc.communes.models import Membership, Unit
from cchc.communes.services import membership_grant, membership_revoke
from cchc.portal.provisioning import workflow_ensure

pytestmark = pytest.mark.django_db


def test_running_the_workflow_setup_again_creates_nothing_new(commune_a):
    counts = (Workflow.objects.count(), GroupApprovalTask.objects.count())
    workflow = workflow_ensure(commune=commune_a)
    workflow_ensure(commune=commune_a)
    assert (Workflow.objects.count(), GroupApprovalTask.objects.count()) == counts
    # On the reform section and on the home page (pages outside the section), once each.
    assert WorkflowPage.objects.filter(workflow=workflow).count() == 2


def test_each_communes_workflow_is_reviewed_only_by_its_own_groups(commune_a, commune_b):
    groups_a = set(groups_ensure(commune=commune_a).values())
    task_b = WorkflowPage.objects.get(page=commune_b.root_page).workflow.tasks.get().specific
    assert not groups_a & set(task_b.groups.all())


def test_only_reviewers_may_publish(commune_a):
    groups = groups_ensure(commune=commune_a)

    def codenames(role):
        return set(groups[role].page_permissions.values_list("permission__codename", flat=True))

    assert "publish_page" not in codenames(Membership.Role.EDITOR)
    assert "publish_page" in codenames(Membership.Role.COORDINATOR)
    assert "publish_page" in codenames(Membership.Role.LEADER)


def test_a_unit_from_another_commune_is_refused(commune_a, commune_b, django_user_model):
    foreign = Unit.objects.create(commune=commune_b, name="Thôn 2", kind="village")
    user = django_user_model.objects.create_user("x")
    with pytest.raises(ValueError, match="Đơn vị không thuộc"):
        membership_grant(user=user, commune=commune_a, role="editor", unit=foreign)


def test_a_province_officer_reads_every_commune_of_the_province_and_no_other(
    commune_a, commune_b, django_user_model
):
    officer = django_user_model.objects.create_user("so-noi-vu")
    membership_grant(user=officer, role="province_officer", province=commune_a.province)
    assert list(commune_reach(officer).communes()) == [commune_a]
    # No page permission at all: reading happens in the read-only view.
    assert not any(g.page_permissions.exists() for g in officer.groups.all())


def test_only_an_editor_tied_to_a_unit_is_narrowed_to_that_unit(commune_a, django_user_model):
    school = Unit.objects.create(commune=commune_a, name="Trường Mầm non", kind="school")
    teacher = django_user_model.objects.create_user("giao-vien")
    membership_grant(user=teacher, commune=commune_a, role="editor", unit=school)
    assert unit_scope(teacher, commune_a) == school

    head = django_user_model.objects.create_user("truong-phong")
    membership_grant(user=head, commune=commune_a, role="coordinator", unit=school)
    assert unit_scope(head, commune_a) is None


def test_new_staff_get_a_vietnamese_back_office(django_user_model):
    user = django_user_model.objects.create_user("moi")
    assert UserProfile.get_for_user(user).preferred_language == "vi"


def test_the_tenant_admin_is_for_superusers_only(client, commune_a, django_user_model):
    coordinator = django_user_model.objects.create_user("dieu-phoi")
    membership_grant(user=coordinator, commune=commune_a, role="coordinator")
    client.force_login(coordinator)
    url = reverse("communes_membership:index")
    assert client.get(url, HTTP_HOST="duc-tho.localhost").status_code in (302, 403)

    root = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(root)
    assert client.get(url, HTTP_HOST="duc-tho.localhost").status_code == 200


def test_a_superuser_grants_a_role_through_the_admin_and_the_group_comes_with_it(
    client, commune_a, django_user_model
):
    root = django_user_model.objects.create_superuser("root", password="x")
    staff = django_user_model.objects.create_user("bien-tap")
    client.force_login(root)
    response = client.post(
        reverse("communes_membership:add"),
        {"user": staff.id, "role": "editor", "commune": commune_a.id},
        HTTP_HOST="duc-tho.localhost",
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=staff, commune=commune_a, role="editor").exists()
    assert staff.groups.filter(name__contains="Biên tập viên").exists()


def test_changing_a_role_in_the_admin_moves_the_user_to_the_new_group(
    client, commune_a, django_user_model
):
    root = django_user_model.objects.create_superuser("root", password="x")
    staff = django_user_model.objects.create_user("bien-tap")
    membership = membership_grant(user=staff, commune=commune_a, role="editor")
    client.force_login(root)
    response = client.post(
        reverse("communes_membership:edit", args=(membership.id,)),
        {"user": staff.id, "role": "coordinator", "commune": commune_a.id},
        HTTP_HOST="duc-tho.localhost",
    )
    assert response.status_code == 302
    names = set(staff.groups.values_list("name", flat=True))
    assert any("Điều phối viên" in n for n in names)
    assert not any("Biên tập viên" in n for n in names)


def test_revoking_the_last_role_removes_the_group(commune_a, django_user_model):
    staff = django_user_model.objects.create_user("bien-tap")
    membership = membership_grant(user=staff, commune=commune_a, role="editor")
    membership_revoke(membership=membership)
    assert not staff.groups.exists()


def test_the_workflows_command_repairs_a_commune_without_workflow(commune_a):
    import io

    from django.core.management import call_command

    WorkflowPage.objects.filter(page__path__startswith=commune_a.root_page.path).delete()
    call_command("workflows_ensure", stdout=io.StringIO())
    assert WorkflowPage.objects.filter(page__path__startswith=commune_a.root_page.path).exists()


def test_what_each_role_reaches_to_read_and_to_write(commune_a, commune_b, django_user_model):
    editor = django_user_model.objects.create_user("bien-tap")
    membership_grant(user=editor, commune=commune_a, role="editor")
    leader = django_user_model.objects.create_user("lanh-dao")
    membership_grant(user=leader, commune=commune_a, role="leader")
    officer = django_user_model.objects.create_user("so-noi-vu-b")
    membership_grant(user=officer, role="province_officer", province=commune_b.province)
    root = django_user_model.objects.create_superuser("quan-tri")

    assert commune_reach(editor).ids == {commune_a.id}
    assert not commune_reach(editor, write=True)  # an editor keeps no commune's records
    assert commune_reach(leader, write=True).ids == {commune_a.id}
    reach = commune_reach(officer, write=True)
    assert reach.ids == {commune_b.id} and reach.province_ids == {commune_b.province_id}
    assert commune_a not in commune_reach(officer)
    assert commune_reach(root).ids is None and commune_b in commune_reach(root, write=True)


def test_the_reach_follows_a_granted_or_revoked_role_and_an_inactive_user_reaches_nothing(
    commune_a, commune_b, django_user_model
):
    user = django_user_model.objects.create_user("can-bo")
    membership = membership_grant(user=user, commune=commune_a, role="coordinator")
    assert commune_reach(user, write=True).ids == {commune_a.id}
    membership_grant(user=user, commune=commune_b, role="editor")
    assert commune_reach(user).ids == {commune_a.id, commune_b.id}  # not the kept answer
    membership_revoke(membership=membership)
    assert commune_reach(user).ids == {commune_b.id}
    user.is_active = False
    assert not commune_reach(user)
