"""Page types of a commune portal and its reform section ("chuyên mục Cải cách hành chính")."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import Resolver404
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cchc.pages.fragments import request_fragment
from cchc.pages.links import RequestPortLinksMixin
from cchc.pages.public import PublicPageMixin
from cchc.pages.slugs import FoldedSlugMixin
from cchc.pages.viewtag import note_route
from cchc.pagetree import children, newest_first
from cchc.portal.article_form import ArticlePageForm
from cchc.portal.blocks import BodyBlock
from cchc.portal.section_models import (  # noqa: F401  (defined there, registered here)
    PAGE_SIZE,
    DirectiveDocumentPage,
    DocumentIndexPage,
    GuideIndexPage,
    GuidePage,
    HotlineContact,
    HotlinePage,
    MediaIndexPage,
    MediaItemPage,
)
from cchc.procedures.selectors import recently_changed


class Topic(models.Model):
    """One of the nine content topics of the annual plan (seed 001 §II)."""

    number = models.PositiveSmallIntegerField("số thứ tự", unique=True)
    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField("tên chủ đề", max_length=120)
    description = models.TextField("nội dung", blank=True)

    class Meta:
        verbose_name = "chủ đề tuyên truyền"
        verbose_name_plural = "chủ đề tuyên truyền"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class HomePage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """A commune's home page: the root of its Site."""

    statistics_kind = "home"  # what a view of it counts as (cchc.pages.viewtag)

    intro = models.TextField("lời giới thiệu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.ReformSectionPage", "portal.StandardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "trang chủ xã, phường"

    def route(self, request: HttpRequest, path_components: list[str]):
        """Find the page with one query for all levels instead of two queries per level.

        Wagtail walks the tree: for /a/b/c/ it loads each child by slug, then its specific
        page. Here the pages named by every component are fetched at once (slug is indexed)
        and chained parent to child by tree path. The walk is handed back to Wagtail's own
        route() at the first page that would route differently (a RoutablePageMixin page
        whose routes claim the rest of the path, any other custom route()), so the result
        is the same as Wagtail's. The answer (which page, of which type, how many path
        components it takes) is kept until the commune's next change (cchc.pages.fragments):
        without the page cache this walk was a fifth of an article's render (decision 0026).
        Kept, measured: with Wagtail's own walk instead, an uncached article asks 10 queries
        instead of 5 and spends 2.5-7 ms more CPU (8.3-12.5 → 15.0-15.8 ms in-process), the
        procedure list 7 instead of 4; route() is Wagtail's documented extension point.
        """
        if not path_components:
            return super().route(request, path_components)
        joined = "/".join(path_components)
        page_id, content_type_id, consumed = request_fragment(
            request,
            f"route:{self.pk}:{joined}",
            lambda: self._walk(path_components),
            # Found pages only, and short paths: made-up URLs must not fill the store.
            keep=lambda found: found[0] != self.id and len(joined) <= 200,
        )
        if page_id == self.id:
            return super().route(request, path_components)
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        # The specific model is known already: one query instead of Page, then specific.
        page = (
            model._default_manager.get(id=page_id)
            if model
            else Page.objects.get(id=page_id).specific
        )
        return page.route(request, path_components[consumed:])

    def _walk(self, path_components: list[str]) -> tuple[int, int | None, int]:
        """(page id, its content type, path components consumed) of the page that routes
        the path; this home page's own id when no child matches the first component."""
        candidates = (
            Page.objects.filter(
                slug__in=path_components,
                depth__gt=self.depth,
                depth__lte=self.depth + len(path_components),
                path__startswith=self.path,
            )
            .order_by()
            .values_list("id", "path", "depth", "slug", "content_type_id")
        )
        by_level = {(path, slug): (pk, ct) for pk, path, depth, slug, ct in candidates}
        page_id, parent_path, consumed, content_type_id = self.id, self.path, 0, None
        for slug in path_components:
            child = next(
                (
                    (pk, path, ct)
                    for (path, child_slug), (pk, ct) in by_level.items()
                    if child_slug == slug and path[: -self.steplen] == parent_path
                ),
                None,
            )
            if child is None:
                break  # no such child: Wagtail's walk below answers 404 (or a route)
            page_id, parent_path, content_type_id = child
            consumed += 1
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                break
            if model.route is Page.route:
                continue
            if model.route is RoutablePageMixin.route and consumed < len(path_components):
                rest = "/" + "/".join(path_components[consumed:]) + "/"
                try:
                    model.get_resolver().resolve(rest)
                except Resolver404:
                    continue  # its routes do not claim the rest: Wagtail would walk on too
            break
        return page_id, content_type_id, consumed

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)

        def section_and_latest() -> tuple[Page | None, list]:
            # Tree queries go through cchc.pagetree: an index range, not a LIKE scan.
            section = children(ReformSectionPage.objects.live(), self).order_by("path").first()
            latest = list(newest_first(ArticlePage.objects.live(), section)[:5]) if section else []
            return section, latest

        # Kept until the commune's next change (cchc.pages.fragments, decision 0026).
        context["section"], context["latest"] = request_fragment(
            request, f"home:{self.pk}", section_and_latest
        )
        return context


class ReformSectionPage(
    FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, RoutablePageMixin, Page
):
    """The reform section at /cai-cach-hanh-chinh/: sub-sections, topics, feed."""

    statistics_kind = "section"  # what a view of it counts as (cchc.pages.viewtag)

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = [
        "portal.ArticleIndexPage",
        "procedures.ProcedureIndexPage",
        "portal.GuideIndexPage",
        "portal.DocumentIndexPage",
        "portal.MediaIndexPage",
        "portal.HotlinePage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "chuyên mục Cải cách hành chính"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        commune = getattr(request, "commune", None)

        def parts() -> dict:
            return {
                # Walks the section's subtree by path (10,000 articles: 11 ms on SQLite).
                "subsections": list(children(Page.objects.live(), self).order_by("path")),
                "latest": list(newest_first(ArticlePage.objects.live(), self)[:6]),
                "topics": list(Topic.objects.all()),
                "recent_procedures": (
                    list(recently_changed(commune, limit=5)) if commune is not None else []
                ),
            }

        # Kept until the commune's next change (cchc.pages.fragments, decision 0026).
        context.update(request_fragment(request, f"section:{self.pk}", parts))
        return context

    @path("chu-de/<slug:topic_slug>/", name="topic")
    def topic(self, request: HttpRequest, topic_slug: str):
        topic = get_object_or_404(Topic, slug=topic_slug)
        note_route(request, "topic", object_key=topic.slug, topics=str(topic.pk))
        articles = newest_first(ArticlePage.objects.live(), self).filter(topics=topic)
        page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("trang"))
        return self.render(
            request,
            context_overrides={"topic": topic, "articles": page},
            template="portal/topic_page.html",
        )


class ArticleIndexPage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """News (tin tức) of the reform section."""

    statistics_kind = "article_index"  # what a view of it counts as (cchc.pages.viewtag)

    parent_page_types = ["portal.ReformSectionPage"]
    subpage_types = ["portal.ArticlePage"]

    class Meta:
        verbose_name = "danh mục tin tức"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        articles = newest_first(ArticlePage.objects.live(), self, children_only=True)
        context["articles"] = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("trang"))
        return context


class ArticlePage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """A news item or feature (tin, bài)."""

    statistics_kind = "article"  # what a view of it counts as (cchc.pages.viewtag)
    search_kind = "article"  # indexed by cchc.search.documents

    summary = models.TextField("tóm tắt", max_length=500, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ảnh đại diện",
    )
    body = StreamField(BodyBlock(), verbose_name="nội dung", blank=True)
    topics = ParentalManyToManyField(Topic, blank=True, verbose_name="chủ đề")
    unit = models.ForeignKey(
        "communes.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name="đơn vị gửi tin",
    )
    author_name = models.CharField("tác giả", max_length=120, blank=True)

    base_form_class = ArticlePageForm  # unit chosen from the author's membership, commune's units
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                FieldPanel("unit"),
                FieldPanel("author_name"),
            ],
            heading="Phân loại",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["portal.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "tin, bài"
        verbose_name_plural = "tin, bài"

    @property
    def published_on(self):
        return self.first_published_at or self.latest_revision_created_at or timezone.now()

    def permissions_for_user(self, user):
        # Wagtail's per-page checks with the unit rule (cchc.communes.access): every admin view
        # and bulk action asks the page this, so unit editors act only on their unit's articles.
        from cchc.communes.access import UnitPagePermissionTester

        return UnitPagePermissionTester(user, self)


class StandardPage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """A plain page: introduction of the commune, organisation, contacts (also in English)."""

    statistics_kind = "other"  # what a view of it counts as (cchc.pages.viewtag)

    body = RichTextField("nội dung", blank=True)
    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["portal.HomePage", "portal.StandardPage"]

    class Meta:
        verbose_name = "trang nội dung"
