"""Who may see and change which procedures in the back office.

Procedures belong to a commune; staff act only on the communes they hold a role in. Django's
model permissions cannot express "only my commune", so the snippet views use this policy instead
of group permissions: no commune group needs procedure permissions at all.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from cchc.communes.models import Commune, Membership

# Unit editors (cộng tác viên) write news; the catalogue is kept by the commune's coordinators,
# leaders and the province's officers.
MANAGER_ROLES = frozenset(
    {Membership.Role.COORDINATOR, Membership.Role.LEADER, Membership.Role.PROVINCE_OFFICER}
)
_CACHE_ATTR = "_procedure_commune_ids"


def procedure_commune_ids(user, *, manage: bool = False) -> set[int] | None:
    """Ids of communes whose procedures the user may see (or, with manage, change and import).

    None means every commune (superusers). Cached on the user object for the request.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        view: set[int] = set()
        managed: set[int] = set()
        provinces: dict[int, bool] = {}
        for m in Membership.objects.filter(user=user).only("commune_id", "province_id", "role"):
            is_manager = m.role in MANAGER_ROLES
            if m.commune_id:
                view.add(m.commune_id)
                if is_manager:
                    managed.add(m.commune_id)
            if m.province_id:
                provinces[m.province_id] = provinces.get(m.province_id, False) or is_manager
        if provinces:
            for commune_id, province_id in Commune.objects.filter(
                province_id__in=provinces
            ).values_list("id", "province_id"):
                view.add(commune_id)
                if provinces[province_id]:
                    managed.add(commune_id)
        cache = {"view": view, "manage": managed}
        setattr(user, _CACHE_ATTR, cache)
    return set(cache["manage" if manage else "view"])


def communes_managed_by(user) -> QuerySet[Commune]:
    """Communes the user may import procedures into (the upload form's choices)."""
    ids = procedure_commune_ids(user, manage=True)
    qs = Commune.objects.select_related("province")
    return qs if ids is None else qs.filter(id__in=ids)


def user_may_manage(user, commune: Commune | int) -> bool:
    ids = procedure_commune_ids(user, manage=True)
    commune_id = commune if isinstance(commune, int) else commune.pk
    return ids is None or commune_id in ids


class ProcedurePermissionPolicy(BasePermissionPolicy):
    """ "view" for any role in the commune; add, change, delete for its managers."""

    def _ids(self, user, action: str) -> set[int] | None:
        return procedure_commune_ids(user, manage=action != "view")

    def user_has_permission(self, user, action: str) -> bool:
        ids = self._ids(user, action)
        return ids is None or bool(ids)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        ids = self._ids(user, action)
        return ids is None or instance.commune_id in ids

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        qs = self.model._default_manager.all()
        allowed: set[int] = set()
        for action in actions:
            ids = self._ids(user, action)
            if ids is None:
                return qs
            allowed |= ids
        return qs.filter(commune_id__in=allowed)

    def users_with_any_permission(self, actions) -> QuerySet:
        roles = None if actions == ["view"] or set(actions) == {"view"} else MANAGER_ROLES
        memberships = Q(memberships__isnull=False)
        if roles is not None:
            memberships = Q(memberships__role__in=roles)
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | memberships)
            .distinct()
        )
