"""Administrative procedures (thủ tục hành chính) published by a commune, with status history."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from cchc.pages.fragments import CountedPaginator, commune_fragment
from cchc.pages.links import RequestPortLinksMixin
from cchc.pages.public import PublicPageMixin
from cchc.pages.slugs import FoldedSlugMixin
from cchc.pages.viewtag import note_route

PAGE_SIZE = 30


class ProcedureStatus(models.TextChoices):
    CURRENT = "current", "Đang thực hiện"
    NEW = "new", "Mới ban hành"
    AMENDED = "amended", "Sửa đổi, bổ sung"
    REPLACED = "replaced", "Thay thế"
    ABOLISHED = "abolished", "Bãi bỏ"


class Procedure(models.Model):
    """One procedure of a commune's catalogue, identified by its national code (e.g. 1.001193)."""

    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, related_name="procedures"
    )
    code = models.CharField("mã thủ tục", max_length=40)
    # Some national names run past 900 characters (several procedures bundled under one code).
    name = models.CharField("tên thủ tục", max_length=1000)
    field = models.CharField("lĩnh vực", max_length=200, db_index=True)
    level = models.CharField("cấp thực hiện", max_length=60, blank=True)
    kind = models.CharField("loại thủ tục", max_length=200, blank=True)
    deciding_act = models.CharField("quyết định công bố", max_length=200, blank=True)
    competent_agency = models.CharField("cơ quan có thẩm quyền", max_length=300, blank=True)
    # The portal sometimes puts long instructions here; keep them rather than cut them.
    implementing_agency = models.CharField("cơ quan thực hiện", max_length=2000, blank=True)
    applicants = models.TextField("đối tượng thực hiện", blank=True)
    submission_methods = models.CharField("cách thức nộp", max_length=300, blank=True)
    submission_details = models.TextField(
        "cách thức thực hiện (thời hạn, phí theo từng hình thức nộp)", blank=True
    )
    time_limit = models.CharField("thời hạn giải quyết", max_length=300, blank=True)
    fee = models.CharField("phí, lệ phí", max_length=500, blank=True)
    papers = models.TextField("thành phần hồ sơ", blank=True)
    steps = models.TextField("trình tự thực hiện", blank=True)
    conditions = models.TextField("yêu cầu, điều kiện", blank=True)
    result = models.TextField("kết quả", blank=True)
    legal_basis = models.TextField("căn cứ pháp lý", blank=True)
    # Multi-line on the portal (several counters, an online address): a text, not a line.
    receiving_address = models.TextField("địa chỉ tiếp nhận", blank=True)
    national_url = models.URLField(
        "đường dẫn Cổng Dịch vụ công quốc gia", max_length=500, blank=True
    )
    # Rows parsed from the raw texts above (papers, submission_details, legal_basis, steps,
    # result) by cchc/procedures/structure.py at import; the raw text stays the source and is
    # shown for a section the parser could not read (decision 0016).
    structure = models.JSONField("cấu trúc đã phân tích", default=dict, blank=True, editable=False)
    status = models.CharField(
        "tình trạng",
        max_length=12,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.CURRENT,
        db_index=True,
    )
    status_effective_on = models.DateField("ngày hiệu lực của tình trạng", null=True, blank=True)
    status_decision = models.CharField("quyết định", max_length=200, blank=True)
    source_ministry = models.CharField("bộ, ngành công bố", max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["field", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "code"],
                name="procedure_unique_code",
                violation_error_message="Xã, phường này đã có thủ tục hành chính với mã này.",
            )
        ]
        indexes = [
            models.Index(fields=["commune", "-status_effective_on"]),
            # The public list pages through a commune's catalogue in this order.
            models.Index(fields=["commune", "field", "name", "code"], name="procedure_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ProcedureStatusChange(models.Model):
    """A dated status decision: new, amended, replaced or abolished, and the act that made it."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="history")
    status = models.CharField("tình trạng", max_length=12, choices=ProcedureStatus.choices)
    effective_on = models.DateField("ngày hiệu lực", null=True, blank=True)
    decision = models.CharField("quyết định", max_length=200, blank=True)
    note = models.TextField("ghi chú", blank=True)
    replaced_by = models.CharField("mã thủ tục thay thế", max_length=40, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lịch sử tình trạng"
        verbose_name_plural = "lịch sử tình trạng"
        ordering = ["-effective_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.procedure.code}: {self.get_status_display()} ({self.effective_on})"


class ProcedureIndexPage(
    FoldedSlugMixin, RequestPortLinksMixin, PublicPageMixin, RoutablePageMixin, Page
):
    """The public catalogue at /cai-cach-hanh-chinh/thu-tuc-hanh-chinh/ (list and one per code)."""

    statistics_kind = "procedure_list"  # what a view of it counts as (cchc.pages.viewtag)

    intro = models.TextField("giới thiệu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.ReformSectionPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "danh mục thủ tục hành chính"

    def commune_for(self, request: HttpRequest | None):
        """The commune whose tree holds this page; only its procedures are ever shown here.

        The middleware's commune is used when this page is in its tree (no query); otherwise
        (preview, a page reached some other way) the commune whose home is this page's ancestor.
        """
        from cchc.communes.selectors import commune_for_page

        commune = getattr(request, "commune", None) if request is not None else None
        if commune is not None and commune.root_page_id:
            root = commune.root_page
            if root is not None and self.path.startswith(root.path):
                return commune
        commune = commune_for_page(self)
        if commune is None:
            raise Http404("Trang này không thuộc xã, phường nào.")
        return commune

    @path("", name="list")
    def procedure_list(self, request: HttpRequest) -> HttpResponse:
        from cchc.procedures.selectors import (
            fields_for,
            procedures_for,
            recently_changed,
            status_choices,
        )

        commune = self.commune_for(request)

        def catalogue_facts() -> tuple[list[str], int, list]:
            # The fields (a DISTINCT over the catalogue), its size, the latest decisions: the
            # costly questions of this page, answered once per change of the commune.
            return (
                fields_for(commune),
                procedures_for(commune).count(),
                list(recently_changed(commune)),
            )

        # Kept until the commune's next change (cchc.pages.fragments, decision 0026).
        fields, total, recent = commune_fragment(
            commune.id, f"procedures:{self.pk}", catalogue_facts, request
        )
        statuses = status_choices()
        # Unknown values are ignored rather than echoed back: the form only offers known ones.
        field = request.GET.get("linh-vuc", "")
        field = field if field in fields else ""
        status = request.GET.get("tinh-trang", "")
        status = status if status in dict(statuses) else ""
        procedures = procedures_for(commune, field=field or None, status=status or None).only(
            "id", "code", "name", "field", "status", "status_effective_on"
        )
        # Filtered lists are counted by the database; the whole catalogue's size is known.
        paginator = (
            Paginator(procedures, PAGE_SIZE)
            if field or status
            else CountedPaginator(procedures, PAGE_SIZE, count=total)
        )
        page_obj = paginator.get_page(request.GET.get("trang"))
        return self.render(
            request,
            context_overrides={
                "commune": commune,
                "base_url": self.get_url(request),
                "procedures": page_obj,
                "fields": fields,
                "statuses": statuses,
                "selected_field": field,
                "selected_status": status,
                "recent": recent,
                "filtered": bool(field or status),
            },
            template="procedures/procedure_index_page.html",
        )

    @path("<str:code>/", name="detail")
    def procedure_detail(self, request: HttpRequest, code: str) -> HttpResponse:
        commune = self.commune_for(request)
        procedure = Procedure.objects.filter(commune=commune, code=code).first()
        if procedure is None:
            raise Http404("Không có thủ tục hành chính với mã này.")
        note_route(request, "procedure", object_key=procedure.code)
        return self.render(
            request,
            context_overrides={
                "commune": commune,
                "base_url": self.get_url(request),
                "procedure": procedure,
                # Undated decisions last on every database (SQLite and PostgreSQL differ).
                "history": list(
                    procedure.history.order_by(
                        models.F("effective_on").desc(nulls_last=True), "-recorded_at", "-id"
                    )
                ),
            },
            template="procedures/procedure_page.html",
        )

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict]:
        """The list and one entry per procedure, so search engines find each code's page."""
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]["location"]
        try:
            commune = self.commune_for(request)
        except Http404:
            return urls
        for code, updated_at in Procedure.objects.filter(commune=commune).values_list(
            "code", "updated_at"
        ):
            urls.append({"location": f"{base}{code}/", "lastmod": updated_at})
        return urls
