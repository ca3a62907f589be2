"""Business rules for tenants: a commune's site host names, and who holds which role where.

The commune's groups and collection are in cchc.communes.groups; its page tree is provisioned by
the content layer (cchc.portal.provisioning.commune_create); the read-side rules of who may see
what are in cchc.communes.access.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Site

from cchc.communes.groups import (
    ROLE_PAGE_PERMISSIONS,
    group_name,
    groups_ensure,
    province_group_ensure,
    province_group_name,
)
from cchc.communes.models import Commune, Membership, Province, Unit


@dataclass(frozen=True)
class CommuneSpec:
    province_code: int
    province_name: str
    code: int
    name: str
    kind: str
    slug: str


def site_add_hostname(*, commune: Commune, hostname: str, port: int = 80) -> Site:
    site, created = Site.objects.get_or_create(
        hostname=hostname,
        port=port,
        defaults={"root_page": commune.root_page, "site_name": commune.full_name},
    )
    if not created and site.root_page_id != commune.root_page_id:
        raise ValueError(f"Tên miền {hostname} đã thuộc về xã, phường khác.")
    return site


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
