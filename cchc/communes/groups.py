"""Each commune's Wagtail groups and collection: what each role may do on its page tree.

Province officers get a group of their own with back-office access only (they read their
province through cchc.communes.wagtail_hooks' read-only view).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from cchc.communes.models import Commune, Membership, Province

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


def collection_for(commune: Commune) -> Collection:
    """Each commune's images and documents live in a collection of its own."""
    name = f"{commune.full_name} ({commune.code})"
    existing = Collection.objects.filter(name=name).first()
    if existing:
        return existing
    return Collection.get_first_root_node().add_child(name=name)
