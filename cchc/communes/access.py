"""Who may see and act on what in the back office: the commune rule and the unit rule.

Commune rule: staff see and act only inside the communes they hold a working role in (their
Wagtail group permissions sit on the commune's home page and collection); province officers hold
no page or collection permission and read their province through their own read-only view.

Unit rule: an editor tied to a unit (`unit_scope`) acts only on their unit's articles (and the
ones they own); other units' articles are read only once live with no unapproved changes,
their drafts (never published, or changes awaiting approval) not at all.

The rules are put where Wagtail asks for permissions, so every view, bulk action, chooser, report
and listing follows them without a hook of its own:
- `CommunePagePolicy`, Wagtail's page permission policy (listings, search, reports, choosers,
  explorable pages, the pages a report may list);
- `UnitPagePermissionTester`, what `ArticlePage.permissions_for_user` answers (each per-page
  check: edit, delete, copy, move, lock, revisions, history, view draft, usage, bulk actions);
- `visible_instances`, what a user may see of any model, through its registered policy
  (the bulk-action confirmations and the reports of cchc.portal.admin_views).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet
from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from cchc.communes.models import Commune, Membership, Unit
from cchc.pagetree import descendants

# --- Roles ------------------------------------------------------------------------------------


def memberships_of(user) -> list[Membership]:
    # Asked several times per request; keep the list on the user object for the request.
    cached = getattr(user, "_cchc_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("commune__root_page", "unit", "province"))
        user._cchc_memberships = cached
    return cached


def staff_communes(user) -> list[Commune]:
    """Communes in which this user holds a working role (not province officers' read access)."""
    seen: dict[int, Commune] = {}
    for m in memberships_of(user):
        if m.commune_id and m.role != Membership.Role.PROVINCE_OFFICER and m.commune.root_page_id:
            seen[m.commune_id] = m.commune
    return list(seen.values())


# Roles that keep a commune's records (its procedure catalogue, its audit log, its statistics
# exports): its coordinators and leaders; province officers keep their province's communes'.
# Unit editors (cộng tác viên) write news and read, nothing more.
KEEPER_ROLES = frozenset({Membership.Role.COORDINATOR, Membership.Role.LEADER})


@dataclass(frozen=True)
class CommuneReach:
    """The communes one user reaches, and the provinces through which they reach some of them
    (a province officer's own log entries carry the province). `everything` for superusers: no
    list of ids, so a filter stays one condition however many communes there are."""

    commune_ids: frozenset[int]
    province_ids: frozenset[int] = frozenset()
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.commune_ids)

    def __contains__(self, commune: Commune | int) -> bool:
        commune_id = commune if isinstance(commune, int) else commune.pk
        return self.everything or commune_id in self.commune_ids

    @property
    def ids(self) -> frozenset[int] | None:
        """The commune ids to filter on; None means every commune."""
        return None if self.everything else self.commune_ids

    def communes(self) -> QuerySet[Commune]:
        """The communes themselves, by province then name, with their home page and province."""
        qs = Commune.objects.select_related("root_page", "province")
        return qs if self.everything else qs.filter(id__in=self.commune_ids)


NOWHERE = CommuneReach(frozenset())


def commune_reach(user, *, write: bool = False) -> CommuneReach:
    """The one answer to "which communes may this user reach" in the back office.

    Read (the default): the communes where the user holds any role, and for a province officer
    every commune of the province. Write (`write=True`: change the procedure catalogue, read the
    audit log, export statistics): the communes where they are a coordinator or a leader, and a
    province officer's province. Superusers reach everything; anonymous and inactive users
    nothing. Kept on the user object while its memberships are (granting or revoking a role
    drops both).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOWHERE
    if user.is_superuser:
        return CommuneReach(frozenset(), everything=True)
    memberships = memberships_of(user)
    cached = getattr(user, "_cchc_reach", None)
    if cached is None or cached[0] is not memberships:
        cached = (memberships, {})
        user._cchc_reach = cached
    if write not in cached[1]:
        cached[1][write] = _reach_of(memberships, write=write)
    return cached[1][write]


def _reach_of(memberships: list[Membership], *, write: bool) -> CommuneReach:
    communes: set[int] = set()
    provinces: set[int] = set()
    for m in memberships:
        if m.role == Membership.Role.PROVINCE_OFFICER:
            if m.province_id:
                provinces.add(m.province_id)
        elif m.commune_id and (not write or m.role in KEEPER_ROLES):
            communes.add(m.commune_id)
    if provinces:
        communes |= set(
            Commune.objects.filter(province_id__in=provinces).values_list("id", flat=True)
        )
    return CommuneReach(frozenset(communes), frozenset(provinces))


def known_people(user) -> QuerySet:
    """The users whose names this user may read in the back office's user filters (owner,
    edited by, site history): members of the communes they read and themselves; superusers
    read everyone. Wagtail lists every owner and editor of the installation."""
    User = get_user_model()
    if user.is_superuser:
        return User.objects.all()
    communes = commune_reach(user).commune_ids
    members = Membership.objects.filter(commune_id__in=communes).values("user_id")
    return User.objects.filter(Q(pk__in=members) | Q(pk=user.pk))


def reads_provinces(user) -> bool:
    """Province officers (and superusers) get the read-only view of the province's communes."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(
        m.role == Membership.Role.PROVINCE_OFFICER for m in memberships_of(user)
    )


def unit_scope(user, commune: Commune | None) -> Unit | None:
    """The unit that narrows this user's view of the commune, or None when they see it all.

    Only an editor whose every role in the commune is tied to a unit is narrowed; a coordinator,
    a leader or an editor without a unit (a collaborator of the commune) sees the whole commune.
    """
    if commune is None or user.is_superuser:
        return None
    roles = [m for m in memberships_of(user) if m.commune_id == commune.id]
    if not roles:
        return None
    if all(m.role == Membership.Role.EDITOR and m.unit_id for m in roles):
        return roles[0].unit
    return None


def author_unit(user, commune: Commune | None) -> Unit | None:
    """The unit a new article is filed under: the author's own unit in that commune, if any."""
    if commune is None:
        return None
    for m in memberships_of(user):
        if m.commune_id == commune.id and m.unit_id:
            return m.unit
    return None


# --- The unit rule ----------------------------------------------------------------------------


def unit_filed_page_models() -> list[type[Page]]:
    """Page types filed under a unit (a `unit` foreign key to Unit: articles): the ones the unit
    rule applies to. Found from the models, so tenancy names no content app."""
    return [
        relation.related_model
        for relation in Unit._meta.related_objects
        if relation.field.name == "unit"
        and isinstance(relation.related_model, type)
        and issubclass(relation.related_model, Page)
    ]


def _staff_commune_of(user, page: Page) -> Commune | None:
    """The user's own commune that holds this page (by tree path: no query), if any."""
    for commune in staff_communes(user):
        if page.path.startswith(commune.root_page.path):
            return commune
    return None


def _other_units_articles(user, *, drafts_only: bool) -> Iterator[QuerySet]:
    """Ids of other units' articles (or only their drafts), one subquery per commune where the
    user is a unit editor. Subqueries of ids: the querysets they narrow may go on to Wagtail's
    search backend, which filters only on the indexed fields of Page (the pk is one).

    A draft is an article never published or a live one with changes not yet approved: Wagtail's
    listings, search, choosers and API name a page by its latest draft title, so another unit's
    live article is shown only while what it would show is what has been published."""
    if user.is_superuser or not user.is_authenticated:
        return
    for commune in staff_communes(user):
        unit = unit_scope(user, commune)
        if unit is None:
            continue
        for model in unit_filed_page_models():
            articles = descendants(model.objects.all(), commune.root_page)
            if drafts_only:
                articles = articles.filter(Q(live=False) | Q(has_unpublished_changes=True))
            yield articles.exclude(Q(unit=unit) | Q(owner=user)).values("id")


def other_units_drafts_hidden(user, pages: QuerySet) -> QuerySet:
    """Read side of the unit rule: other units' drafts removed from a page queryset."""
    for ids in _other_units_articles(user, drafts_only=True):
        pages = pages.exclude(id__in=ids)
    return pages


def other_units_articles_removed(user, pages: QuerySet) -> QuerySet:
    """Act side of the unit rule: other units' articles, live or not, removed."""
    for ids in _other_units_articles(user, drafts_only=False):
        pages = pages.exclude(id__in=ids)
    return pages


def page_editable_by(user, page: Page) -> bool:
    """Whether the unit rule lets this user act on the page (Wagtail's permissions decide the
    rest): a unit editor acts only on their unit's articles and the articles they own."""
    if user.is_superuser or not user.is_authenticated:
        return True
    specific_class = page.specific_class
    if specific_class is None or specific_class not in unit_filed_page_models():
        return True
    unit = unit_scope(user, _staff_commune_of(user, page))
    if unit is None:
        return True
    return page.specific_deferred.unit_id == unit.id or page.owner_id == user.id


# --- Where Wagtail asks ------------------------------------------------------------------------


class CommunePagePolicy(PagePermissionPolicy):
    """Wagtail's page policy (group permissions on each commune's home page: the commune rule)
    with the unit rule: unit editors act on no other unit's article and see no other unit's
    draft. Province officers hold no page permission, so they get no page at all."""

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return other_units_articles_removed(user, pages)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(
            user, actions, instance
        ) and page_editable_by(user, instance)

    def explorable_instances(self, user):
        # Wagtail builds the explorable pages from the pages one may act on (narrowed above), but
        # other units' live articles are readable though not actionable: start from Wagtail's
        # own set (a plain policy; it shares the per-request permission cache) less the drafts.
        wagtails = PagePermissionPolicy(self.model).explorable_instances(user)
        return other_units_drafts_hidden(user, wagtails)


class UnitPagePermissionTester(PagePermissionTester):
    """Wagtail's per-page permission checks, all refused on a page the unit rule keeps the user
    from acting on (another unit's article): no edit, delete, copy, move, lock, publish, privacy,
    revisions, history, draft view, usage or workflow history; bulk actions ask the same."""

    def __init__(self, user, page) -> None:
        super().__init__(user, page)
        self.acts = page_editable_by(user, page)


def _refused_unless_acting(name: str):
    wagtails = getattr(PagePermissionTester, name)

    def check(self, *args, **kwargs) -> bool:
        return self.acts and wagtails(self, *args, **kwargs)

    check.__name__ = name
    check.__doc__ = wagtails.__doc__
    return check


for _name in [n for n in vars(PagePermissionTester) if n.startswith("can_")]:
    setattr(UnitPagePermissionTester, _name, _refused_unless_acting(_name))


# Actions that let a user see an instance: any of them makes it visible.
SEEING_ACTIONS = ["view", "choose", "change", "delete"]


def visible_instances(user, model: type[Model]) -> QuerySet:
    """What this user may see of a model, asked of the model's registered permission policy.

    Pages: the explorable pages (commune and unit rules). Images, documents: those in the user's
    collections (choose or change). Snippets such as procedures: their policy's view set.
    """
    policy = policy_registry.get_by_type(model)
    if isinstance(policy, PagePermissionPolicy):
        return model._default_manager.filter(pk__in=policy.explorable_instances(user).values("pk"))
    return policy.instances_user_has_any_permission_for(user, SEEING_ACTIONS)


def pages_visible_to(user, pages: QuerySet) -> QuerySet:
    """A page queryset narrowed to what the user may see (choosers that take a queryset)."""
    if user.is_superuser:
        return pages
    return pages.filter(pk__in=visible_instances(user, Page).values("pk"))
