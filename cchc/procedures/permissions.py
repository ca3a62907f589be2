"""Who may see and change which procedures in the back office.

Procedures belong to a commune; staff see the communes they reach and change the ones they keep
(`cchc.communes.access.commune_reach`, write for the keepers). Django's
model permissions cannot express "only my commune", so the snippet views use this policy instead
of group permissions: no commune group needs procedure permissions at all.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from cchc.communes.access import KEEPER_ROLES, commune_reach
from cchc.communes.models import Commune, Membership

# Users listed as holding a permission on procedures: the keepers of a commune's records
# (cchc.communes.access) and the province's officers.
MANAGER_ROLES = KEEPER_ROLES | {Membership.Role.PROVINCE_OFFICER}


def communes_managed_by(user) -> QuerySet[Commune]:
    """Communes the user may import procedures into (the upload form's choices)."""
    ids = commune_reach(user, write=True).ids
    qs = Commune.objects.select_related("province")
    return qs if ids is None else qs.filter(id__in=ids)


def user_may_manage(user, commune: Commune | int) -> bool:
    return commune in commune_reach(user, write=True)


class ProcedurePermissionPolicy(BasePermissionPolicy):
    """ "view" for any role in the commune; add, change, delete for its managers."""

    def _ids(self, user, action: str) -> frozenset[int] | None:
        return commune_reach(user, write=action != "view").ids

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
