"""Wagtail's tag suggestions and workflow task chooser, which answer from the whole installation.

Tags are taggit's, shared by every commune: Wagtail's tag autocomplete, the "popular tags" of
the document and image listings' filter and the image chooser's suggested tags name every tag of
every object, so staff of commune A read the tags commune B gave its documents (issue 9). Here
a tag is offered only when it is used by an object the user may see, as the object's own
permission policy says (`visible_instances`: collections for images and documents, the
explorable pages for pages); superusers see every tag.

Wagtail's workflow task chooser asks no permission at all and lists every task of the
installation: it is for those who edit workflows (Wagtail's workflow permissions, which no
commune role holds), anyone else is refused.

The views answer at Wagtail's own paths: `urlpatterns` is included before Wagtail's admin URLs
in cchc/urls.py, so Wagtail's URL names still reverse to the same paths.
"""

from __future__ import annotations

import functools
import operator

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from taggit.models import GenericTaggedItemBase, Tag, TagBase, TaggedItem
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import PopularTagsFilter
from wagtail.admin.views import workflows
from wagtail.admin.views.tags import TAGS_AUTOCOMPLETE_LIMIT
from wagtail.documents.views import documents
from wagtail.images import get_image_model
from wagtail.images.views import chooser as image_chooser
from wagtail.images.views import images
from wagtail.models import Workflow
from wagtail.permissions import policy_registry

from cchc.communes.access import visible_instances

# --- Which tags a user may be offered -----------------------------------------------------------


def _visible_pks(user, model: type[Model] | None) -> QuerySet | None:
    """The pks of the objects of a tagged model the user may see, or None when no policy speaks
    for the model (then none of its tags is offered)."""
    if model is None or policy_registry.get_by_type(model, fallback=False) is None:
        return None
    return visible_instances(user, model).values("pk")


def _tag_uses(user, tag_model: type[TagBase]) -> list[QuerySet]:
    """Subqueries of the tag ids used by objects the user may see, one per tagged model: through
    taggit's generic TaggedItem (documents, images) and through any tagged-item model of our own
    (a page's ClusterTaggableManager, whose `content_object` is the page)."""
    uses: list[QuerySet] = []
    for relation in tag_model._meta.related_objects:
        through = relation.related_model
        if relation.field.name != "tag":
            continue
        if issubclass(through, GenericTaggedItemBase):
            types = through.objects.order_by().values_list("content_type", flat=True)
            for ct_id in types.distinct():
                seen = _visible_pks(user, ContentType.objects.get_for_id(ct_id).model_class())
                if seen is not None:
                    items = through.objects.filter(content_type_id=ct_id, object_id__in=seen)
                    uses.append(items.values("tag_id"))
        else:
            try:
                tagged = through._meta.get_field("content_object").related_model
            except FieldDoesNotExist:  # not a tagged-item model we can judge
                continue
            seen = _visible_pks(user, tagged)
            if seen is not None:
                uses.append(through.objects.filter(content_object__in=seen).values("tag_id"))
    return uses


def visible_tags(user, tag_model: type[TagBase] = Tag) -> QuerySet:
    """The tags used by at least one object this user may see (every tag for superusers)."""
    tags = tag_model.objects.all()
    if user.is_superuser:
        return tags
    uses = _tag_uses(user, tag_model)
    if not uses:
        return tags.none()
    return tags.filter(functools.reduce(operator.or_, (Q(pk__in=ids) for ids in uses)))


def popular_visible_tags(user, model: type[Model], count: int = 10) -> QuerySet:
    """Wagtail's `popular_tags_for_model`, counting only the objects the user may see."""
    items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if not user.is_superuser:
        seen = _visible_pks(user, model)
        if seen is None:
            return Tag.objects.none()
        items = items.filter(object_id__in=seen)
    # Filtering before annotating makes the count follow the same join: the user's items only.
    return (
        Tag.objects.filter(taggit_taggeditem_items__in=items)
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count", "name")[:count]
    )


# --- Tag autocomplete ---------------------------------------------------------------------------


def tag_autocomplete(request, app_name: str | None = None, model_name: str | None = None):
    """Wagtail's tag autocomplete (wagtail.admin.views.tags), answering only visible tags."""
    tag_model = Tag
    if app_name and model_name:
        try:
            content_type = ContentType.objects.get_by_natural_key(app_name, model_name)
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        tag_model = content_type.model_class()
        if tag_model is None or not issubclass(tag_model, TagBase):
            raise Http404
    names: list[str] = []
    if term := request.GET.get("term"):
        names = list(
            visible_tags(request.user, tag_model)
            .filter(name__istartswith=term)
            .order_by("name")
            .values_list("name", flat=True)[:TAGS_AUTOCOMPLETE_LIMIT]
        )
    return JsonResponse(names, safe=False)


# --- Document and image listings: the tag filter ------------------------------------------------


class VisibleTagsFilterMixin:
    """The media listing's "popular tags" filter, built from the user's own objects only."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, is_searching=None):
        super().__init__(data, queryset, request=request, prefix=prefix, is_searching=is_searching)
        self.filters.pop("tag", None)
        tags = popular_visible_tags(request.user, self._meta.model)
        if tags:
            self.filters["tag"] = PopularTagsFilter(
                label=_("Tag"),
                field_name="tags__name",
                choices=[(tag.name, tag.name) for tag in tags],
                widget=forms.CheckboxSelectMultiple,
                use_subquery=is_searching,
                help_text=_("Filter by up to ten most popular tags."),
            )


class DocumentsFilterSet(VisibleTagsFilterMixin, documents.DocumentsFilterSet):
    pass


class ImagesFilterSet(VisibleTagsFilterMixin, images.ImagesFilterSet):
    pass


class DocumentIndexView(documents.IndexView):
    filterset_class = DocumentsFilterSet


class ImageIndexView(images.IndexView):
    filterset_class = ImagesFilterSet


# --- Image chooser: the suggested tags ----------------------------------------------------------


class ImageChooseView(image_chooser.ImageChooseView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["popular_tags"] = popular_visible_tags(self.request.user, self.model)
        return context


class ImageChooserViewSet(image_chooser.ImageChooserViewSet):
    choose_view_class = ImageChooseView


# Built as Wagtail builds its own (wagtail.images.views.chooser.viewset), only its "choose" view
# is routed here; the rest stay Wagtail's.
image_chooser_viewset = ImageChooserViewSet(
    "wagtailimages_chooser", model=get_image_model(), url_prefix="images/chooser"
)


# --- Workflow task chooser ----------------------------------------------------------------------


def workflow_editor_required(view):
    """The task chooser serves the workflow editor (adding a task to a workflow): only those
    who may add or change workflows reach it. They manage the installation's workflows (Wagtail's
    workflow permissions are not per commune), so they see its tasks as Wagtail lists them."""

    @functools.wraps(view)
    def gated(request, *args, **kwargs):
        policy = policy_registry.get_by_type(Workflow)
        if not policy.user_has_any_permission(request.user, ["add", "change"]):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return gated


def _admin(view):
    return never_cache(require_admin_access(view))


# Included before Wagtail's admin URLs (cchc/urls.py): these answer at Wagtail's own paths.
urlpatterns = [
    path("tag-autocomplete/", _admin(tag_autocomplete)),
    path("tag-autocomplete/<slug:app_name>/<slug:model_name>/", _admin(tag_autocomplete)),
    path("documents/", _admin(DocumentIndexView.as_view())),
    path("documents/results/", _admin(DocumentIndexView.as_view(results_only=True))),
    path("images/", _admin(ImageIndexView.as_view())),
    path("images/results/", _admin(ImageIndexView.as_view(results_only=True))),
    path("images/chooser/", _admin(image_chooser_viewset.choose_view)),
    path(
        "workflows/task_chooser/",
        _admin(workflow_editor_required(workflows.TaskChooserView.as_view())),
    ),
    path(
        "workflows/task_chooser/results/",
        _admin(workflow_editor_required(workflows.TaskChooserResultsView.as_view())),
    ),
    path(
        "workflows/task_chooser/create/",
        _admin(workflow_editor_required(workflows.TaskChooserCreateView.as_view())),
    ),
    path(
        "workflows/task_chooser/<int:task_id>/",
        _admin(workflow_editor_required(workflows.task_chosen)),
    ),
]
