"""Business rules for tenants: creating a commune with its Site and reform-section page tree."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

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


ROLE_PAGE_PERMISSIONS: dict[str, list[str]] = {
    Membership.Role.EDITOR: ["add_page", "change_page"],
    Membership.Role.COORDINATOR: ["add_page", "change_page", "publish_page", "lock_page"],
    Membership.Role.LEADER: ["add_page", "change_page", "publish_page"],
}


def group_name(commune: Commune, role: str) -> str:
    return f"{commune.full_name} ({commune.code}) — {Membership.Role(role).label}"


@transaction.atomic
def groups_ensure(*, commune: Commune) -> dict[str, Group]:
    """One Wagtail group per role per commune, with page permissions on the commune's tree only."""
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    collection = collection_for(commune)
    groups: dict[str, Group] = {}
    for role, codenames in ROLE_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name(commune, role))
        group.permissions.add(admin_access)
        for codename in codenames:
            perm = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(
                group=group, page=commune.root_page, permission=perm
            )
        for codename in ["add_image", "choose_image", "add_document", "choose_document"]:
            app = "wagtailimages" if "image" in codename else "wagtaildocs"
            perm = Permission.objects.get(content_type__app_label=app, codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=perm
            )
        groups[role] = group
    return groups


def collection_for(commune: Commune) -> Collection:
    """Each commune's images and documents live in a collection of its own."""
    name = f"{commune.full_name} ({commune.code})"
    existing = Collection.objects.filter(name=name).first()
    if existing:
        return existing
    return Collection.get_first_root_node().add_child(name=name)


@transaction.atomic
def membership_grant(*, user, commune: Commune, role: str, unit: Unit | None = None) -> Membership:
    """Give a user a role in a commune and the matching Wagtail group."""
    if unit is not None and unit.commune_id != commune.id:
        raise ValueError("Đơn vị không thuộc xã, phường này.")
    membership, _ = Membership.objects.update_or_create(
        user=user, commune=commune, role=role, defaults={"unit": unit}
    )
    if role in ROLE_PAGE_PERMISSIONS:
        user.groups.add(groups_ensure(commune=commune)[role])
    return membership
