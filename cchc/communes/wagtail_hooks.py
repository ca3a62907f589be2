"""Back office for tenants: communes, units, staff roles (superusers); province read-only view."""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.models import Page

from cchc.communes import admin_audit, audit
from cchc.communes.access import commune_reach, reads_provinces
from cchc.communes.models import Commune, Membership, Province, Unit
from cchc.communes.selectors import commune_for_page
from cchc.communes.services import membership_grant, membership_revoke

# The foreign keys have no verbose name (adding one is a migration): without these, the forms and
# listings said "Commune", "Province", "Unit", "User" (issue 10; cchc/tests/test_field_labels.py).
LABELS = {
    "commune": "Xã, phường",
    "province": "Tỉnh, thành phố",
    "unit": "Đơn vị",
    "user": "Cán bộ",
}


def _panels(*names: str) -> list[FieldPanel]:
    return [FieldPanel(name, heading=LABELS.get(name, "")) for name in names]


def _columns(*names: str) -> list:
    return [Column(name, label=LABELS[name]) if name in LABELS else name for name in names]


class ProvinceViewSet(ModelViewSet):
    model = Province
    name = "communes_province"
    url_prefix = "tinh-thanh"
    icon = "globe"
    menu_label = "Tỉnh, thành phố"
    form_fields = ["code", "name", "kind"]
    list_display = ["name", "code", "kind"]
    search_fields = ["name"]


class CommuneFilterSet(WagtailFilterSet):
    province = django_filters.ModelChoiceFilter(
        label=LABELS["province"], queryset=Province.objects.all()
    )

    class Meta:
        model = Commune
        fields = ["province", "kind"]


class CommuneViewSet(ModelViewSet):
    model = Commune
    name = "communes_commune"
    url_prefix = "xa-phuong"
    icon = "home"
    menu_label = "Xã, phường"
    # Sites, home pages and groups come from commune_create (manage.py commune_add), not a form.
    form_fields = ["name", "kind", "address", "phone", "email"]
    list_display = ["full_name", "code", *_columns("province"), "slug"]
    filterset_class = CommuneFilterSet
    search_fields = ["name"]
    add_to_admin_menu = False


class UnitViewSet(ModelViewSet):
    model = Unit
    name = "communes_unit"
    url_prefix = "don-vi"
    icon = "group"
    menu_label = "Đơn vị"
    panels = _panels("commune", "name", "kind")
    list_display = ["name", "kind", *_columns("commune")]
    list_filter = ["kind"]
    search_fields = ["name"]


def _grant_from(data: dict) -> Membership:
    return membership_grant(
        user=data["user"],
        role=data["role"],
        commune=data.get("commune"),
        unit=data.get("unit"),
        province=data.get("province"),
    )


def _log_role(user, membership: Membership, action: str) -> None:
    """A role granted or revoked in the back office, in the commune's audit log (issue 9)."""
    who = membership.user
    audit.log_staff_action(
        user=user,
        instance=membership,
        action=action,
        data={
            "user": who.get_full_name() or who.get_username(),
            "role": membership.role,
            "role_label": membership.get_role_display(),
            "unit": str(membership.unit) if membership.unit_id else "",
        },
    )


class _GrantOnSave:
    """Roles are saved through the services, so the Wagtail group comes and goes with them."""

    @transaction.atomic
    def change_role(self, data: dict) -> Membership:
        membership = _grant_from(data)
        _log_role(self.request.user, membership, audit.GRANT)
        return membership

    def form_valid(self, form):
        try:
            self.object = self.change_role(form.cleaned_data)
        except ValueError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        self.form = form
        return self.save_action()


class MembershipCreateView(_GrantOnSave, CreateView):
    pass


class MembershipEditView(_GrantOnSave, EditView):
    """A changed role is the old one revoked and the new one granted, groups included."""

    @transaction.atomic
    def change_role(self, data: dict) -> Membership:
        before = Membership.objects.get(pk=self.object.pk)  # the form changed self.object
        _log_role(self.request.user, before, audit.REVOKE)
        membership_revoke(membership=before)
        return super().change_role(data)


class MembershipDeleteView(DeleteView):
    @transaction.atomic
    def delete_action(self):
        # Logged before the row goes (an entry needs the object's id), as Wagtail's delete does.
        _log_role(self.request.user, self.object, audit.REVOKE)
        membership_revoke(membership=self.object)


class MembershipViewSet(ModelViewSet):
    model = Membership
    name = "communes_membership"
    url_prefix = "phan-quyen"
    icon = "user"
    menu_label = "Phân quyền cán bộ"
    panels = _panels("user", "role", "commune", "unit", "province")
    list_display = [
        TitleColumn("user", label=LABELS["user"], url_name="communes_membership:edit"),
        "role",
        *_columns("commune", "unit", "province"),
    ]
    list_filter = ["role"]
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView


class TenantsGroup(ModelViewSetGroup):
    menu_label = "Xã, phường"
    menu_icon = "home"
    menu_order = 900
    items = (CommuneViewSet, UnitViewSet, MembershipViewSet, ProvinceViewSet)


@hooks.register("register_admin_viewset")
def register_tenants() -> ModelViewSetGroup:
    return TenantsGroup()


# --- Province officers: read-only view of their province's communes ---------------------------


def _page_rows(commune: Commune) -> list[Page]:
    return list(
        Page.objects.descendant_of(commune.root_page, inclusive=True)
        .select_related("content_type")
        .order_by("path")
    )


def province_pages(request: HttpRequest) -> HttpResponse:
    if not reads_provinces(request.user):
        raise Http404
    communes = [(c, _page_rows(c)) for c in commune_reach(request.user).communes()]
    return TemplateResponse(
        request,
        "communes/admin/province_pages.html",
        {"communes": communes, "page_title": "Trang các xã, phường"},
    )


def province_page_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """The latest version of one page (draft included), read-only, as the public would see it."""
    if not reads_provinces(request.user):
        raise Http404
    page = get_object_or_404(Page, id=page_id)
    commune = commune_for_page(page)
    if commune is None or commune not in commune_reach(request.user):
        raise Http404
    latest = page.get_latest_revision_as_object()
    return latest.make_preview_request(request, latest.default_preview_mode)


@hooks.register("register_admin_urls")
def province_urls() -> list:
    return [
        path("tinh/", province_pages, name="cchc_province_pages"),
        path("tinh/trang/<int:page_id>/", province_page_view, name="cchc_province_page"),
    ]


class ProvinceMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return reads_provinces(request.user)


@hooks.register("register_admin_menu_item")
def province_menu_item() -> MenuItem:
    return ProvinceMenuItem(
        "Trang các xã, phường", reverse("cchc_province_pages"), icon_name="globe", order=150
    )


# --- Audit log of staff actions on non-page data (issue 9, decision 0012) ----------------------


@hooks.register("register_log_actions")
def audit_log_actions(actions) -> None:
    audit.register_actions(actions)


@hooks.register("register_admin_urls")
def audit_log_urls() -> list:
    return admin_audit.audit_urls()


@hooks.register("register_admin_menu_item")
def audit_log_menu_item() -> MenuItem:
    return admin_audit.audit_menu_item()
