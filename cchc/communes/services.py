"""Business rules for tenants: creating a commune with its Site and reform-section page tree."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cchc.communes.access import (  # noqa: F401 -- the read-side rules, imported from here before
    _memberships,
    author_unit,
    commune_for_page,
    other_units_drafts_hidden,
    page_editable_by,
    pages_visible_to,
    readable_communes,
    reads_provinces,
    staff_communes,
    unit_scope,
)
from cchc.communes.models import Commune, Membership, Province, Unit

# The reform section's sub-sections: (page model label, slug, title).
SECTION_LAYOUT: list[tuple[str, str, str]] = [
    ("portal.ArticleIndexPage", "tin-tuc", "Tin tức"),
    ("procedures.ProcedureIndexPage", "thu-tuc-hanh-chinh", "Thủ tục hành chính"),
    ("portal.GuideIndexPage", "huong-dan-dich-vu-cong", "Hướng dẫn dịch vụ công trực tuyến"),
    ("portal.DocumentIndexPage", "van-ban-chi-dao", "Văn bản chỉ đạo"),
    ("portal.MediaIndexPage", "da-phuong-tien", "Video, infographic, âm thanh"),
    ("portal.HotlinePage", "duong-day-nong", "Đường dây nóng, liên hệ"),
]
SECTION_SLUG = "cai-cach-hanh-chinh"


@dataclass(frozen=True)
class CommuneSpec:
    province_code: int
    province_name: str
    code: int
    name: str
    kind: str
    slug: str


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


@transaction.atomic
def commune_create(*, spec: CommuneSpec, hostname: str, port: int = 80) -> Commune:
    """Create (or return) a commune with its Site, home page and reform section tree.

    Idempotent: running it again for the same code changes nothing.
    """
    from cchc.portal.models import HomePage, ReformSectionPage

    province, _ = Province.objects.get_or_create(
        code=spec.province_code, defaults={"name": spec.province_name}
    )
    commune, _ = Commune.objects.get_or_create(
        code=spec.code,
        defaults={"province": province, "name": spec.name, "kind": spec.kind, "slug": spec.slug},
    )
    if commune.root_page_id is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title=f"Cổng thông tin điện tử {commune.full_name}",
            slug=f"{commune.slug}-home",
            intro=f"Trang thông tin điện tử của {commune.committee_name}, {province.name}.",
        )
        root.add_child(instance=home)
        commune.root_page = home
        commune.save(update_fields=["root_page"])
    home = commune.root_page.specific
    section = ReformSectionPage.objects.child_of(home).first()
    if section is None:
        section = ReformSectionPage(
            title="Cải cách hành chính",
            slug=SECTION_SLUG,
            intro=(
                "Thông tin, tuyên truyền cải cách hành chính: thủ tục hành chính mới, sửa đổi, "
                "bãi bỏ; hướng dẫn dịch vụ công trực tuyến, thanh toán trực tuyến; văn bản chỉ "
                "đạo; đường dây nóng tiếp nhận phản ánh, kiến nghị."
            ),
        )
        home.add_child(instance=section)
    for label, slug, title in SECTION_LAYOUT:
        model = _model(label)
        if not model.objects.child_of(section).exists():
            section.add_child(instance=model(title=title, slug=slug))
    site_add_hostname(commune=commune, hostname=hostname, port=port)
    groups_ensure(commune=commune)
    workflow_ensure(commune=commune)
    return commune


def site_add_hostname(*, commune: Commune, hostname: str, port: int = 80) -> Site:
    site, created = Site.objects.get_or_create(
        hostname=hostname,
        port=port,
        defaults={"root_page": commune.root_page, "site_name": commune.full_name},
    )
    if not created and site.root_page_id != commune.root_page_id:
        raise ValueError(f"Tên miền {hostname} đã thuộc về xã, phường khác.")
    return site


# Page permissions on the commune's tree. Editors never publish: what they write goes through
# the commune's approval workflow (workflow_ensure) to a coordinator or a leader.
ROLE_PAGE_PERMISSIONS: dict[str, list[str]] = {
    Membership.Role.EDITOR: ["add_page", "change_page"],
    Membership.Role.COORDINATOR: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    ],
    Membership.Role.LEADER: ["add_page", "change_page", "publish_page"],
}

# Collection permissions on the commune's collection. Editors may upload and choose, and (by
# Wagtail's ownership rule) change only what they uploaded; reviewers manage the whole collection.
ROLE_COLLECTION_PERMISSIONS: dict[str, list[str]] = {
    Membership.Role.EDITOR: ["add_image", "choose_image", "add_document", "choose_document"],
    Membership.Role.COORDINATOR: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
    Membership.Role.LEADER: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
}

# Roles that review and approve in the commune's workflow.
REVIEWER_ROLES = (Membership.Role.COORDINATOR, Membership.Role.LEADER)


def group_name(commune: Commune, role: str) -> str:
    return f"{commune.full_name} ({commune.code}) — {Membership.Role(role).label}"


def province_group_name(province: Province) -> str:
    return f"{province.name} ({province.code}) — {Membership.Role.PROVINCE_OFFICER.label}"


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def groups_ensure(*, commune: Commune) -> dict[str, Group]:
    """One Wagtail group per role per commune, with page permissions on the commune's tree only."""
    admin_access = _permission("wagtailadmin", "access_admin")
    collection = collection_for(commune)
    groups: dict[str, Group] = {}
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name(commune, role))
        group.permissions.add(admin_access)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=commune.root_page, permission=_permission("wagtailcore", codename)
            )
        for codename in ROLE_COLLECTION_PERMISSIONS[role]:
            app = "wagtailimages" if codename.endswith("_image") else "wagtaildocs"
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(app, codename)
            )
        groups[role] = group
    return groups


@transaction.atomic
def province_group_ensure(*, province: Province) -> Group:
    """Province officers enter the back office but get no page or collection permission.

    They read their province's communes through the read-only view of cchc.communes.wagtail_hooks;
    Wagtail has no "view page" permission, and any page permission it has would let them change
    something (even locking blocks the commune's editors).
    """
    group, _ = Group.objects.get_or_create(name=province_group_name(province))
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return group


def workflow_name(commune: Commune) -> str:
    return f"Duyệt tin bài — {commune.full_name} ({commune.code})"


@transaction.atomic
def workflow_ensure(*, commune: Commune) -> Workflow:
    """The commune's approval workflow: editors submit, reviewers approve.

    One GroupApprovalTask assigned to the commune's coordinator and leader groups; approving
    publishes the revision, or schedules it when a go-live date is set. It is attached to the
    reform section and to the commune's home page, so every page of the commune's tree goes to
    the commune's own reviewers (not to Wagtail's default "Moderators" workflow, whose group no
    commune staff is in). Idempotent: the workflow is found through the section's WorkflowPage,
    so renaming it in the admin is harmless, and a workflow staff chose for the home page stays.
    """
    from cchc.portal.models import ReformSectionPage

    groups = groups_ensure(commune=commune)
    section = ReformSectionPage.objects.child_of(commune.root_page).first()
    if section is None:
        raise ValueError(f"{commune.full_name} chưa có chuyên mục Cải cách hành chính.")
    attached = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if attached is not None:
        workflow = attached.workflow
    else:
        workflow = Workflow.objects.create(name=workflow_name(commune), active=True)
        WorkflowPage.objects.create(page=section, workflow=workflow)
    task = (
        GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow)
        .order_by("workflow_tasks__sort_order")
        .first()
    )
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=f"Điều phối viên, lãnh đạo duyệt — {commune.full_name} ({commune.code})"
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.groups.add(*(groups[role] for role in REVIEWER_ROLES))
    WorkflowPage.objects.get_or_create(page=commune.root_page, defaults={"workflow": workflow})
    return workflow


def collection_for(commune: Commune) -> Collection:
    """Each commune's images and documents live in a collection of its own."""
    name = f"{commune.full_name} ({commune.code})"
    existing = Collection.objects.filter(name=name).first()
    if existing:
        return existing
    return Collection.get_first_root_node().add_child(name=name)


def admin_language_default_vietnamese(user) -> None:
    """Staff see the back office in Vietnamese unless they chose otherwise.

    Wagtail falls back to the browser's Accept-Language when the profile has no preference, so
    an English-language browser would otherwise get an English back office.
    """
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = "vi"
        profile.save(update_fields=["preferred_language"])


@transaction.atomic
def membership_grant(
    *,
    user,
    role: str,
    commune: Commune | None = None,
    unit: Unit | None = None,
    province: Province | None = None,
) -> Membership:
    """Give a user a role in a commune (or, for province officers, a province) and its group."""
    user.__dict__.pop("_cchc_memberships", None)
    if role == Membership.Role.PROVINCE_OFFICER:
        province = province or (commune.province if commune else None)
        if province is None:
            raise ValueError("Cán bộ Sở Nội vụ phải gắn với một tỉnh, thành phố.")
        membership, _ = Membership.objects.get_or_create(
            user=user, province=province, role=role, commune=None
        )
        user.groups.add(province_group_ensure(province=province))
        admin_language_default_vietnamese(user)
        return membership
    if commune is None:
        raise ValueError("Cần chọn xã, phường.")
    if unit is not None and unit.commune_id != commune.id:
        raise ValueError("Đơn vị không thuộc xã, phường này.")
    membership, _ = Membership.objects.update_or_create(
        user=user, commune=commune, role=role, defaults={"unit": unit}
    )
    if role in ROLE_PAGE_PERMISSIONS:
        user.groups.add(groups_ensure(commune=commune)[role])
    admin_language_default_vietnamese(user)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    """Take a role away, and its Wagtail group unless another membership still needs it."""
    membership.user.__dict__.pop("_cchc_memberships", None)
    membership.delete()
    membership_group_release(
        user=membership.user,
        role=membership.role,
        commune=membership.commune,
        province=membership.province,
    )


def membership_group_release(
    *, user, role: str, commune: Commune | None = None, province: Province | None = None
) -> None:
    """Remove the role's group from a user who no longer holds that role there."""
    if role == Membership.Role.PROVINCE_OFFICER:
        if (
            province
            and not Membership.objects.filter(user=user, role=role, province=province).exists()
        ):
            user.groups.remove(*Group.objects.filter(name=province_group_name(province)))
        return
    if commune and not Membership.objects.filter(user=user, role=role, commune=commune).exists():
        user.groups.remove(*Group.objects.filter(name=group_name(commune, role)))


ROLE_EXPLANATIONS: dict[str, str] = {
    Membership.Role.EDITOR: (
        "Soạn tin, bài và gửi duyệt (nút «Gửi duyệt»). Bạn không tự xuất bản được: điều phối "
        "viên hoặc lãnh đạo sẽ duyệt, yêu cầu sửa hoặc xuất bản. Ảnh, tệp bạn tải lên nằm trong "
        "thư viện của xã, phường."
    ),
    Membership.Role.COORDINATOR: (
        "Duyệt tin, bài được gửi lên: xem trước, yêu cầu sửa (kèm góp ý) hoặc phê duyệt để xuất "
        "bản ngay hay theo lịch. Bạn cũng soạn, sửa, khóa trang và quản lý ảnh, tệp của xã, "
        "phường."
    ),
    Membership.Role.LEADER: (
        "Duyệt và xuất bản tin, bài của xã, phường; theo dõi các bài đang chờ duyệt."
    ),
    Membership.Role.PROVINCE_OFFICER: (
        "Xem (không sửa) trang của các xã, phường trong tỉnh qua mục «Trang các xã, phường»."
    ),
}


def role_summary(user) -> list[tuple[str, str]]:
    """(where and as what, what they can do) lines for the admin home panel."""
    lines: list[tuple[str, str]] = []
    if user.is_superuser:
        lines.append(
            (
                "Quản trị hệ thống",
                "Toàn quyền: tạo xã, phường, đơn vị và phân quyền cán bộ (mục «Xã, phường»).",
            )
        )
    for m in _memberships(user):
        where = str(m.commune or m.province)
        if m.unit_id:
            where += f" — {m.unit}"
            what = ROLE_EXPLANATIONS[m.role] + " Bạn chỉ thấy bản nháp của đơn vị mình."
        else:
            what = ROLE_EXPLANATIONS[m.role]
        lines.append((f"{m.get_role_display()} — {where}", what))
    if not lines:
        lines.append(
            (
                "Chưa được phân quyền",
                "Tài khoản của bạn chưa gắn với xã, phường nào nên chưa thấy trang, ảnh hay tài "
                "liệu nào. Hãy liên hệ quản trị hệ thống.",
            )
        )
    return lines
