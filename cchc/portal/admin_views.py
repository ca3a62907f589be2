"""Wagtail's admin views where they render what the permission policies do not filter.

The rules themselves live in cchc.communes.access; this module only makes the few Wagtail views
that never ask a policy ask it, in the way Wagtail offers for each:
- page views: `CommunePageViewSet`, registered for `Page` (cchc.portal.wagtail_hooks) in place of
  Wagtail's base page viewset: a page the user may not see is refused before anything is
  rendered, and the move confirmation checks the move before it names anything;
- bulk actions: subclasses registered under Wagtail's action names, whose confirmation lists
  only what the user may see (an id they may not see is absent, never "no permission");
- the page chooser's browse and "chosen" views, and the reports with no policy hook (page types
  usage, workflows, workflow tasks): subclasses at Wagtail's own URLs (`urlpatterns`, included
  before Wagtail's admin URLs in cchc/urls.py);
- user filters (page owner, edited by, site history's user): `KnownPeopleOnly` filtersets on the
  page viewset and the site history report, offering only the people of the viewer's communes;
- the external link chooser, whose form Wagtail lets fail on a missing URL.
"""

from __future__ import annotations

import functools

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_list_or_404, get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import FilteredModelChoiceFilter, MultipleUserFilter
from wagtail.admin.forms import choosers
from wagtail.admin.forms.choosers import URLOrAbsolutePathField
from wagtail.admin.views import chooser
from wagtail.admin.views.pages import bulk_actions as page_bulk
from wagtail.admin.views.pages.listing import GenericPageFilterSet
from wagtail.admin.views.pages.move import MoveConfirmView
from wagtail.admin.views.reports import audit_logging, page_types_usage
from wagtail.admin.views.reports import workflows as workflow_reports
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.documents.views import bulk_actions as document_bulk
from wagtail.images.views import bulk_actions as image_bulk
from wagtail.models import Page, Site, Task, Workflow, WorkflowState
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDeleteBulkAction

from cchc.communes.access import known_people, visible_instances
from cchc.inputs import whole_number
from cchc.portal.admin_editor import CreateWithoutAutosave
from cchc.portal.review.views import ReviewEditView, ReviewWorkflowActionView

# --- User filters -------------------------------------------------------------------------------


def _narrowed(queryset, people: QuerySet, request) -> QuerySet:
    users = queryset(request) if callable(queryset) else queryset
    return users.filter(pk__in=people)


class KnownPeopleOnly:
    """A Wagtail filterset whose user filters (owner, edited by, user) offer only the people the
    viewer knows (`known_people`): Wagtail offers every page owner, editor or logged user of the
    installation, which names other communes' staff."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = self.request.user
        if user.is_superuser:
            return
        people = known_people(user).values("pk")
        for name, user_filter in list(self.filters.items()):
            if not isinstance(user_filter, MultipleUserFilter):
                continue
            if user_filter.queryset is not None:  # given as a callable (or queryset) by class
                user_filter.queryset = functools.partial(_narrowed, user_filter.queryset, people)
            elif "queryset" in user_filter.extra:  # set by the filterset's __init__
                users = user_filter.extra["queryset"].filter(pk__in=people)
                if users.exists():
                    user_filter.extra["queryset"] = users
                else:  # as Wagtail does when no one is left to choose
                    del self.filters[name]


class CommunePageFilterSet(KnownPeopleOnly, GenericPageFilterSet):
    """The page listings' filters (explorer, pages of a type): people as `KnownPeopleOnly`, and
    only the sites whose home page the user may see (Wagtail offers every commune's site)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = self.request.user
        if "site" in self.filters and not user.is_superuser:
            seen = visible_instances(user, Page).values("pk")
            self.filters["site"].queryset = Site.objects.filter(root_page__in=seen)


class SiteHistoryReportFilterSet(KnownPeopleOnly, audit_logging.SiteHistoryReportFilterSet):
    pass


class LogEntriesView(audit_logging.LogEntriesView):
    filterset_class = SiteHistoryReportFilterSet


# --- Page views ---------------------------------------------------------------------------------

# The URL arguments of Wagtail's page views that name a page.
PAGE_ID_KWARGS = ("page_id", "page_to_move_id", "parent_page_id", "pk", "destination_id")


def _hidden_from(user, ids: set[int]) -> bool:
    """Whether any of these (existing) pages is one the user may not see. The tree's root is not
    anyone's page: it stays reachable (Wagtail sends each user on to their part of the tree)."""
    if user.is_superuser:
        return False
    seen = Q(depth=1) | Q(pk__in=visible_instances(user, Page).values("pk"))
    return Page.objects.filter(pk__in=ids).exclude(seen).exists()


def visible_page_required(view):
    """A page view refuses a page the user may not see before it renders anything, as Wagtail
    refuses a page one may not edit (its admin turns the refusal into a redirect home); a page
    that does not exist is left to the view's own 404."""

    @functools.wraps(view)
    def gated(request, *args, **kwargs):
        try:
            ids = {int(kwargs[name]) for name in PAGE_ID_KWARGS if name in kwargs}
        except (TypeError, ValueError) as error:
            raise Http404 from error
        if ids and _hidden_from(request.user, ids):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return gated


class CheckedMoveConfirmView(MoveConfirmView):
    """Wagtail's move confirmation renders both titles before any permission check (the move
    itself is refused later): check the move first."""

    def dispatch(self, request, page_to_move_id, destination_id, *args, **kwargs):
        page = get_object_or_404(Page, id=page_to_move_id)
        destination = get_object_or_404(Page, id=destination_id)
        if not page.permissions_for_user(request.user).can_move_to(destination):
            raise PermissionDenied
        return super().dispatch(request, page_to_move_id, destination_id, *args, **kwargs)


class CommunePageViewSet(PageViewSet):
    """Wagtail's page views for every page type, each behind `visible_page_required`."""

    move_confirm_view_class = CheckedMoveConfirmView
    # The review loop's confirmations and the edit page's banner (decision 0019).
    add_view_class = CreateWithoutAutosave  # + autosave off until the first save (0021)
    edit_view_class = ReviewEditView
    workflow_action_view_class = ReviewWorkflowActionView
    # The explorer's and the page-type listing's filters (owner, edited by).
    filterset_class = CommunePageFilterSet

    def construct_view(self, view_class, **kwargs):
        return visible_page_required(super().construct_view(view_class, **kwargs))


# --- Page chooser: it names the page it browses and the pages "chosen" ------------------------


def only_visible_ids(model: type, view):
    """Drop from ?id=… the ids of objects the user may not see, as if they were absent."""

    @functools.wraps(view)
    def filtered(request, *args, **kwargs):
        if not request.user.is_superuser and "id" in request.GET:
            ids = [n for i in request.GET.getlist("id") if (n := whole_number(i)) is not None]
            seen = visible_instances(request.user, model).filter(pk__in=ids)
            query = request.GET.copy()
            query.setlist("id", [str(pk) for pk in seen.values_list("pk", flat=True)])
            request.GET = query
        return view(request, *args, **kwargs)

    return filtered


# --- External link chooser ---------------------------------------------------------------------


class ExternalURLField(URLOrAbsolutePathField):
    """Wagtail's URL-or-path field, which fails with AttributeError when the form is sent
    without the field (None has no startswith): a missing URL is an empty one."""

    def to_python(self, value):
        if value in self.empty_values:
            return ""
        return super().to_python(value)


class ExternalLinkChooserForm(choosers.ExternalLinkChooserForm):
    url = ExternalURLField(
        required=True,
        label=_("URL"),
        error_messages={"required": "Hãy nhập địa chỉ liên kết (URL)."},
    )


class ExternalLinkView(chooser.ExternalLinkView):
    form_class = ExternalLinkChooserForm


# --- Bulk actions -------------------------------------------------------------------------------


class VisibleItemsOnly:
    """A bulk action over only the items the user may see: an id they may not see is absent
    (404 when none is left), never listed, not even under "no permission"."""

    def get_queryset(self, model, object_ids):  # Wagtail's is a classmethod without the user
        # ASCII digits only (cchc.inputs): "²" passes str.isdigit() and then fails in the query.
        ids = [n for i in object_ids if (n := whole_number(str(i))) is not None]
        return get_list_or_404(visible_instances(self.request.user, model), pk__in=ids)

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" of a page listing sends the listing's page as ?childOf=, which Wagtail
        # looks up with .get(): a page that does not exist is a 404, not a server error.
        if parent_id is not None and issubclass(self.model, Page):
            parent_id = whole_number(str(parent_id))
            if parent_id is None or not Page.objects.filter(pk=parent_id).exists():
                raise Http404
        return super().get_all_objects_in_listing_query(parent_id)


def _visible_only(action: type) -> type:
    return type(action.__name__, (VisibleItemsOnly, action), {"__module__": __name__})


BULK_ACTIONS: list[type] = [
    _visible_only(action)
    for action in [
        page_bulk.DeleteBulkAction,
        page_bulk.MoveBulkAction,
        page_bulk.PublishBulkAction,
        page_bulk.UnpublishBulkAction,
        document_bulk.AddTagsBulkAction,
        document_bulk.AddToCollectionBulkAction,
        document_bulk.DeleteBulkAction,
        image_bulk.AddTagsBulkAction,
        image_bulk.AddToCollectionBulkAction,
        image_bulk.DeleteBulkAction,
        SnippetDeleteBulkAction,
    ]
]


# --- Reports ------------------------------------------------------------------------------------


def _reported_states(request) -> QuerySet:
    """The workflow states Wagtail's workflow report lists for this user (its own rule: pages
    the policy lets them change, snippets they may edit)."""
    pages = Q(
        base_content_type_id=ContentType.objects.get_for_model(Page).id,
        object_id__in=workflow_reports.get_editable_page_ids_query(request),
    )
    objects = Q(content_type_id__in=workflow_reports.get_editable_content_type_ids(request))
    return WorkflowState.objects.filter(pages | objects)


def visible_workflows(request) -> QuerySet:
    """Workflows on pages the user may see or on snippet types they may edit."""
    pages = visible_instances(request.user, Page).values("pk")
    types = workflow_reports.get_editable_content_type_ids(request)
    return Workflow.objects.filter(
        Q(workflow_pages__page__in=pages)
        | Q(workflow_content_types__content_type_id__in=types)
        | Q(pk__in=_reported_states(request).values("workflow"))
    ).distinct()


def visible_tasks(request) -> QuerySet:
    return Task.objects.filter(workflow_tasks__workflow__in=visible_workflows(request)).distinct()


def visible_requesters(request) -> QuerySet:
    User = get_user_model()
    requesters = _reported_states(request).values("requested_by")
    return User.objects.filter(pk__in=requesters).order_by(User.USERNAME_FIELD)


class WorkflowReportFilterSet(workflow_reports.WorkflowReportFilterSet):
    workflow = django_filters.ModelChoiceFilter(label=_("Workflow"), queryset=visible_workflows)
    requested_by = django_filters.ModelChoiceFilter(
        label=_("Requested by"), field_name="requested_by", queryset=visible_requesters
    )


class WorkflowTasksReportFilterSet(workflow_reports.WorkflowTasksReportFilterSet):
    workflow = django_filters.ModelChoiceFilter(
        field_name="workflow_state__workflow", label=_("Workflow"), queryset=visible_workflows
    )
    task = FilteredModelChoiceFilter(
        label=_("Task"),
        queryset=visible_tasks,
        filter_field="id_workflow",
        filter_accessor="workflows",
    )


class WorkflowView(workflow_reports.WorkflowView):
    """Wagtail's report lists the states it should, but its filters name every workflow and
    every requester of the installation: only the user's own."""

    filterset_class = WorkflowReportFilterSet


class WorkflowTasksView(workflow_reports.WorkflowTasksView):
    filterset_class = WorkflowTasksReportFilterSet


class PageTypesUsageReportFilterSet(page_types_usage.PageTypesUsageReportFilterSet):
    """The site filter offers only the sites whose home page the user may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user
        sites = Site.objects.select_related("root_page")
        if not user.is_superuser:
            sites = sites.filter(root_page__in=visible_instances(user, Page).values("pk"))
        self.sites = {site.pk: site for site in sites}
        if "site" in self.filters:
            if len(self.sites) > 1:
                choices = [(s.root_page.path, str(s)) for s in self.sites.values()]
                self.filters["site"].extra["choices"] = choices
            else:
                self.sites_filter_enabled = False
                del self.filters["site"]


class PageTypesUsageReportView(page_types_usage.PageTypesUsageReportView):
    """Wagtail counts every page of the installation and names the last edited one of each
    type, whoever's it is: count and name only the pages the user may see."""

    filterset_class = PageTypesUsageReportFilterSet

    def get_queryset(self):
        pages = Page.objects.all()
        if not self.request.user.is_superuser:
            pages = pages.filter(pk__in=visible_instances(self.request.user, Page).values("pk"))
        queryset = ContentType.objects.filter(model__in=self.page_models)
        page_type = ContentType.objects.get_for_model(Page)
        if not pages.filter(depth__gt=1, content_type=page_type).exists():
            queryset = queryset.exclude(id=page_type.id)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)

        data = self.filters.form.cleaned_data
        counted = Q(pages__in=pages.values("pk"))
        if language_code := data.get("page_locale"):
            pages = pages.filter(locale__language_code=language_code)
            counted &= Q(pages__locale__language_code=language_code)
        if site_root_path := data.get("site"):
            pages = pages.filter(path__startswith=site_root_path)
            counted &= Q(pages__path__startswith=site_root_path)
        last_edited = pages.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        queryset = queryset.annotate(
            count=Count("pages", filter=counted),
            last_edited_page_id=Subquery(last_edited.values("pk")[:1]),
        )
        return queryset.order_by("-count", "app_label", "model")


# Included before Wagtail's admin URLs (cchc/urls.py), so these answer at Wagtail's own paths;
# Wagtail's URL names still reverse to the same paths.
def _report(route: str, view_class: type) -> list:
    """A report's page and the results fragment its filters reload, as Wagtail routes them."""
    return [
        path(f"reports/{route}/", require_admin_access(view_class.as_view())),
        path(
            f"reports/{route}/results/",
            require_admin_access(view_class.as_view(results_only=True)),
        ),
    ]


urlpatterns = [
    path(
        "choose-page/<int:parent_page_id>/",
        require_admin_access(visible_page_required(chooser.BrowseView.as_view())),
    ),
    path(
        "choose-page/chosen-multiple/",
        require_admin_access(only_visible_ids(Page, chooser.ChosenMultipleView.as_view())),
    ),
    path("choose-external-link/", require_admin_access(ExternalLinkView.as_view())),
    *_report("workflow", WorkflowView),
    *_report("workflow_tasks", WorkflowTasksView),
    *_report("site-history", LogEntriesView),
    *_report("page-types-usage", PageTypesUsageReportView),
]
