"""Who sees and who changes which commune's plans (the commune rule of cchc.communes.access).

Every staff role of a commune and the province's officers read the commune's plans; the
commune's coordinators (phòng Văn hóa - Xã hội, who draft and follow the plan) change them.
Superusers do everything. A plan, an item or a unit of another commune is never found: 404.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cchc.communes.access import commune_reach, memberships_of
from cchc.communes.models import Commune, Membership

EDITOR_ROLES = frozenset({Membership.Role.COORDINATOR})


def plan_commune_ids(user, *, edit: bool = False) -> set[int] | None:
    """Ids of the communes whose plans the user may read (or, with edit, change); None: all."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    if edit:
        return {
            m.commune_id for m in memberships_of(user) if m.commune_id and m.role in EDITOR_ROLES
        }
    return set(commune_reach(user).commune_ids)


def communes_editable_by(user) -> QuerySet[Commune]:
    ids = plan_commune_ids(user, edit=True)
    qs = Commune.objects.select_related("province").order_by("name")
    return qs if ids is None else qs.filter(id__in=ids)


def may_read(user, commune_id: int) -> bool:
    ids = plan_commune_ids(user)
    return ids is None or commune_id in ids


def may_edit(user, commune_id: int) -> bool:
    ids = plan_commune_ids(user, edit=True)
    return ids is None or commune_id in ids


def may_edit_any(user) -> bool:
    ids = plan_commune_ids(user, edit=True)
    return ids is None or bool(ids)


def may_read_any(user) -> bool:
    ids = plan_commune_ids(user)
    return ids is None or bool(ids)
