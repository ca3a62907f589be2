"""Back office for procedures: the catalogue listing (per commune) and the upload view."""

from __future__ import annotations

import django_filters
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from cchc.communes.access import commune_reach
from cchc.communes.models import Commune
from cchc.procedures.admin_views import ProcedureAdminForm, ProcedureImportView
from cchc.procedures.models import Procedure, ProcedureStatus
from cchc.procedures.permissions import ProcedurePermissionPolicy, communes_managed_by

# Registered before any view asks for the policy, so Wagtail never falls back to model perms.
register_permission_policy(Procedure, ProcedurePermissionPolicy(Procedure))


def _visible_communes(request):
    ids = commune_reach(getattr(request, "user", None)).ids
    qs = Commune.objects.all()
    return qs if ids is None else qs.filter(id__in=ids)


def field_choices(user) -> list[tuple[str, str]]:
    """The fields (lĩnh vực) of the procedures of the communes this user may see: another
    commune's field names are its own (issue 9)."""
    from cchc.vietnamese.order import sort_key

    procedures = Procedure.objects.order_by()
    ids = commune_reach(user).ids
    if ids is not None:
        procedures = procedures.filter(commune_id__in=ids)
    names = procedures.values_list("field", flat=True).distinct()
    return [(n, n) for n in sorted(names, key=sort_key)]


class ProcedureFilterSet(WagtailFilterSet):
    field = django_filters.ChoiceFilter(label="Lĩnh vực", choices=[])
    status = django_filters.ChoiceFilter(label="Tình trạng", choices=ProcedureStatus.choices)
    commune = django_filters.ModelChoiceFilter(label="Xã, phường", queryset=_visible_communes)

    class Meta:
        model = Procedure
        fields = ["field", "status", "commune"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["field"].extra["choices"] = field_choices(user)


class OwnCommuneObjectMixin:
    """Another commune's procedure does not exist for this user: 404, not even its title."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        ids = commune_reach(self.request.user).ids
        if ids is not None and obj.commune_id not in ids:
            raise Http404("Không tìm thấy thủ tục hành chính.")
        return obj


def _scoped(view_class: type) -> type:
    return type(view_class.__name__, (OwnCommuneObjectMixin, view_class), {})


class OwnCommuneChoices:
    """The chooser offers (and answers "chosen" for) only the procedures the policy lets the user
    see; Wagtail's snippet chooser otherwise lists every commune's."""

    def get_object_list(self):
        return self._visible()

    def get_object(self, pk):
        return self._visible().get(pk=pk)

    def get_objects(self, pks):
        return self._visible().filter(pk__in=pks)

    def _visible(self):
        policy = policy_registry.get_by_type(Procedure)
        return policy.instances_user_has_permission_for(self.request.user, "view")


def _choosing(view_class: type) -> type:
    return type(view_class.__name__, (OwnCommuneChoices, view_class), {})


class ProcedureChooserCreationForm(ProcedureAdminForm):
    """The chooser's "create" tab: a procedure's identity (commune, code, name, field, level).
    It starts current, with no history entry, as the edit form does for a new current one; the
    rest is filled in the snippet's edit view. Communes: those the user manages."""

    class Meta:
        model = Procedure
        fields = ["commune", "code", "name", "field", "level"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("status_note", "status_replaced_by"):  # the edit form's status fields
            self.fields.pop(name, None)
        if self.for_user is None:
            self.fields["commune"].queryset = Commune.objects.none()

    def _status_changed(self, cleaned: dict) -> bool:
        return False


class ForUserCreationForm:
    """Wagtail builds the chooser's creation form without the user; ours limits the communes
    to the user's, so it needs them."""

    def get_creation_form_kwargs(self) -> dict:
        return {**super().get_creation_form_kwargs(), "for_user": self.request.user}


class ProcedureChooserCreateView(ForUserCreationForm, snippet_chooser.SnippetCreateView):
    """Only those the policy lets add reach it (Wagtail's dispatch: 403 for the others); the
    creation is logged as the snippet views log theirs."""

    def save_form(self, form):
        procedure = super().save_form(form)
        log(instance=procedure, action="wagtail.create", user=self.request.user)
        return procedure


def _choosing_with_form(view_class: type) -> type:
    return type(view_class.__name__, (OwnCommuneChoices, ForUserCreationForm, view_class), {})


class ProcedureChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = _choosing_with_form(snippet_chooser.ChooseView)
    choose_results_view_class = _choosing_with_form(snippet_chooser.ChooseResultsView)
    chosen_view_class = _choosing(snippet_chooser.SnippetChosenView)
    chosen_multiple_view_class = _choosing(snippet_chooser.SnippetChosenMultipleView)
    create_view_class = ProcedureChooserCreateView
    # Without a creation form Wagtail's "create" view fails with a 500 on any POST (issue 9).
    creation_form_class = ProcedureChooserCreationForm


class ProcedureIndexView(snippet_views.IndexView):
    @cached_property
    def header_buttons(self) -> list:
        """The upload sits next to "add" on the listing, for those who may import."""
        buttons = list(super().header_buttons)
        if communes_managed_by(self.request.user).exists():
            buttons.append(
                HeaderButton(
                    "Nhập thủ tục hành chính", url=reverse("procedures_import"), icon_name="upload"
                )
            )
        return buttons


class ProcedureViewSet(SnippetViewSet):
    model = Procedure
    icon = "list-ul"
    menu_label = "Thủ tục hành chính"
    menu_name = "thu-tuc-hanh-chinh"
    menu_order = 250
    add_to_admin_menu = True
    filterset_class = ProcedureFilterSet
    index_view_class = ProcedureIndexView
    chooser_viewset_class = ProcedureChooserViewSet
    edit_view_class = _scoped(snippet_views.EditView)
    delete_view_class = _scoped(snippet_views.DeleteView)
    copy_view_class = _scoped(snippet_views.CopyView)
    usage_view_class = _scoped(snippet_views.UsageView)
    history_view_class = _scoped(snippet_views.HistoryView)
    inspect_view_class = _scoped(snippet_views.InspectView)
    search_fields = ["code", "name"]
    search_backend_name = None  # plain database search over code and name
    list_per_page = 50
    ordering = ["field", "name"]
    list_display = [
        TitleColumn(
            "code", label="Mã thủ tục", url_name="wagtailsnippets_procedures_procedure:edit"
        ),
        Column("name", label="Tên thủ tục"),
        Column("field", label="Lĩnh vực"),
        Column("status", label="Tình trạng", accessor="get_status_display"),
        Column("commune", label="Xã, phường"),
        DateColumn("updated_at", label="Cập nhật"),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("commune"),
                    FieldRowPanel([FieldPanel("code"), FieldPanel("field")]),
                    FieldPanel("name"),
                    FieldRowPanel([FieldPanel("level"), FieldPanel("kind")]),
                    FieldPanel("deciding_act"),
                    FieldPanel("national_url"),
                ],
                heading="Thông tin chung",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("competent_agency"),
                    FieldPanel("implementing_agency"),
                    FieldPanel("applicants"),
                    FieldPanel("receiving_address"),
                    FieldRowPanel([FieldPanel("submission_methods"), FieldPanel("time_limit")]),
                    FieldPanel("fee"),
                    FieldPanel("submission_details"),
                ],
                heading="Cách thức thực hiện",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("steps"),
                    FieldPanel("papers"),
                    FieldPanel("conditions"),
                    FieldPanel("result"),
                    FieldPanel("legal_basis"),
                ],
                heading="Nội dung",
                classname="collapsed",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("status"),
                            FieldPanel("status_effective_on"),
                            FieldPanel("status_decision"),
                        ]
                    ),
                    FieldPanel("status_replaced_by"),
                    FieldPanel("status_note"),
                ],
                heading="Tình trạng (mỗi thay đổi được ghi vào lịch sử)",
            ),
        ],
        base_form_class=ProcedureAdminForm,
    )

    def get_queryset(self, request):
        """Only procedures of the communes the user works for (all of them for superusers)."""
        qs = Procedure.objects.select_related("commune")
        ids = commune_reach(request.user).ids
        return qs if ids is None else qs.filter(commune_id__in=ids)


register_snippet(ProcedureViewSet)


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return communes_managed_by(request.user).exists()


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path(
            "thu-tuc-hanh-chinh/nhap/",
            ProcedureImportView.as_view(),
            name="procedures_import",
        )
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Nhập thủ tục hành chính",
        reverse("procedures_import"),
        name="nhap-thu-tuc-hanh-chinh",
        icon_name="upload",
        order=251,
    )
