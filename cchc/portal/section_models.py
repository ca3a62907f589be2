"""The reform section's resource pages: guides, directive documents, media, hotlines.

Page types of their own concern, apart from the portal's home, section and news pages in
`cchc.portal.models`, which imports this module so Django and Wagtail find them (app label
`portal`, same migrations).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cchc.pages.links import RequestPortLinksMixin
from cchc.pages.public import PublicPageMixin
from cchc.pages.slugs import FoldedSlugMixin
from cchc.pagetree import children, newest_first
from cchc.portal.blocks import BodyBlock

PAGE_SIZE = 12  # items per listing page, the news lists' too (cchc.portal.models)


class GuideIndexPage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """Guides to online public services and cashless payment."""

    statistics_kind = "guide_index"  # what a view of it counts as (cchc.pages.viewtag)

    intro = models.TextField("giới thiệu", blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.ReformSectionPage"]
    subpage_types = ["portal.GuidePage"]

    class Meta:
        verbose_name = "danh mục hướng dẫn dịch vụ công trực tuyến"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = children(GuidePage.objects.live(), self).order_by("title")
        return context


class GuidePage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """A step-by-step guide (hướng dẫn dịch vụ công trực tuyến, thanh toán trực tuyến)."""

    statistics_kind = "guide"  # what a view of it counts as (cchc.pages.viewtag)
    search_kind = "guide"  # indexed by cchc.search.documents

    class Kind(models.TextChoices):
        ONLINE_SERVICE = "online_service", "Dịch vụ công trực tuyến"
        PAYMENT = "payment", "Thanh toán trực tuyến"
        OTHER = "other", "Khác"

    kind = models.CharField(
        "loại", max_length=20, choices=Kind.choices, default=Kind.ONLINE_SERVICE
    )
    summary = models.TextField("tóm tắt", max_length=500, blank=True)
    body = StreamField(BodyBlock(), verbose_name="các bước", blank=True)
    service_url = models.URLField("đường dẫn dịch vụ công", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("service_url"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["portal.GuideIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "hướng dẫn"


class DocumentIndexPage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """Directive documents (văn bản chỉ đạo)."""

    statistics_kind = "document_index"  # what a view of it counts as (cchc.pages.viewtag)

    parent_page_types = ["portal.ReformSectionPage"]
    subpage_types = ["portal.DirectiveDocumentPage"]

    class Meta:
        verbose_name = "danh mục văn bản chỉ đạo"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        docs = children(DirectiveDocumentPage.objects.live(), self).order_by("-issued_on", "title")
        context["documents"] = Paginator(docs, PAGE_SIZE * 2).get_page(request.GET.get("trang"))
        return context


class DirectiveDocumentPage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """A letter, plan or decision that sets the work: number/symbol, date, issuer, file."""

    statistics_kind = "document"  # what a view of it counts as (cchc.pages.viewtag)
    search_kind = "document"  # indexed by cchc.search.documents, with its number and issuer
    search_body_field = "text"
    search_title_fields = ("number",)
    search_short_fields = ("issuer",)

    number = models.CharField("số, ký hiệu", max_length=80, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=200)
    summary = models.TextField("trích yếu")
    text = models.TextField("toàn văn", blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="tệp văn bản",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("issued_on"),
        FieldPanel("issuer"),
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldPanel("text"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("summary"),
        index.SearchField("text"),
        index.FilterField("issued_on"),
    ]
    parent_page_types = ["portal.DocumentIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "văn bản chỉ đạo"
        verbose_name_plural = "văn bản chỉ đạo"


class MediaIndexPage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """Multimedia: videos, infographics, audio."""

    statistics_kind = "media_index"  # what a view of it counts as (cchc.pages.viewtag)

    parent_page_types = ["portal.ReformSectionPage"]
    subpage_types = ["portal.MediaItemPage"]

    class Meta:
        verbose_name = "danh mục đa phương tiện"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        items = newest_first(MediaItemPage.objects.live(), self, children_only=True)
        context["items"] = Paginator(items, PAGE_SIZE).get_page(request.GET.get("trang"))
        return context


class MediaItemPage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """A video, infographic or audio item, always with a text alternative."""

    statistics_kind = "media"  # what a view of it counts as (cchc.pages.viewtag)

    class Kind(models.TextChoices):
        VIDEO = "video", "Video"
        INFOGRAPHIC = "infographic", "Infographic"
        AUDIO = "audio", "Âm thanh"

    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    video_url = models.URLField("đường dẫn video (YouTube…)", blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="ảnh / infographic",
    )
    audio = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="tệp âm thanh",
    )
    transcript = models.TextField("mô tả, lời thoại", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("video_url"),
        FieldPanel("image"),
        FieldPanel("audio"),
        FieldPanel("transcript"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("transcript")]
    parent_page_types = ["portal.MediaIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "tư liệu đa phương tiện"


class HotlinePage(FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, Page):
    """Hotlines and contacts (đường dây nóng), as Decree 42 asks the portal to publish."""

    statistics_kind = "hotline"  # what a view of it counts as (cchc.pages.viewtag)

    intro = models.TextField("giới thiệu", blank=True)
    address = models.CharField("địa chỉ tiếp nhận", max_length=255, blank=True)
    phone = models.CharField("số điện thoại đường dây nóng", max_length=40, blank=True)
    email = models.EmailField("thư điện tử", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        InlinePanel("contacts", label="Người liên hệ"),
    ]
    parent_page_types = ["portal.ReformSectionPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "đường dây nóng"


class HotlineContact(Orderable):
    page = ParentalKey(HotlinePage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("họ và tên", max_length=120)
    position = models.CharField("chức vụ", max_length=160)
    phone = models.CharField("điện thoại", max_length=40, blank=True)
    email = models.EmailField("thư điện tử", blank=True)

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("phone"), FieldPanel("email")]
