"""Back office «Kế hoạch tuyên truyền»: the plans, one plan's items and progress, edit, export.

Readers (any role of the commune, the province's officers) see the plans and their progress;
coordinators add and change them. A plan or an item of a commune the user does not read is
not found (404); one the user reads but may not change answers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from cchc.plans.exporting import plan_docx, plan_xlsx
from cchc.plans.forms import PlanForm, PlanItemForm
from cchc.plans.models import CommunicationPlan, PlanItem
from cchc.plans.permissions import may_edit, may_edit_any, may_read, may_read_any
from cchc.plans.selectors import plan_progress, plans_visible_to
from cchc.plans.services import PlanRuleError, item_save, plan_save

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """A real 403 (Wagtail turns PermissionDenied into a redirect to the dashboard)."""
    return TemplateResponse(
        request,
        "plans/admin/forbidden.html",
        {"message": message, "page_title": "Không có quyền"},
        status=403,
    )


def readable_plan(request: HttpRequest, plan_id: int) -> CommunicationPlan:
    plan = get_object_or_404(CommunicationPlan.objects.select_related("commune"), pk=plan_id)
    if not may_read(request.user, plan.commune_id):
        raise Http404("Không tìm thấy kế hoạch.")
    return plan


def readable_item(request: HttpRequest, item_id: int) -> PlanItem:
    item = get_object_or_404(PlanItem.objects.select_related("plan__commune"), pk=item_id)
    if not may_read(request.user, item.plan.commune_id):
        raise Http404("Không tìm thấy nhiệm vụ.")
    return item


class PlansView(WagtailAdminTemplateMixin, View):
    header_icon = "list-ol"
    page_title = "Kế hoạch tuyên truyền"

    def get_breadcrumbs_items(self) -> list[dict]:
        items = [*self.breadcrumbs_items, {"url": reverse("plans:index"), "label": "Kế hoạch"}]
        plan = getattr(self, "plan", None)
        if plan is not None and plan.pk:
            items.append({"url": reverse("plans:detail", args=[plan.pk]), "label": str(plan.year)})
        return [*items, {"url": "", "label": self.get_page_title()}]

    def render(self, template: str, status: int = 200, **context) -> HttpResponse:
        return TemplateResponse(
            self.request, template, self.get_context_data(**context), status=status
        )


class PlanIndexView(PlansView):
    page_subtitle = ""

    def dispatch(self, request, *args, **kwargs):
        if not may_read_any(request.user):
            return forbidden(request, "Bạn chưa được phân quyền ở xã, phường nào.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        plans = plans_visible_to(request.user).annotate(item_count=Count("items"))
        rows = [(plan, may_edit(request.user, plan.commune_id)) for plan in plans]
        return self.render("plans/admin/index.html", rows=rows, can_add=may_edit_any(request.user))

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class PlanDetailView(PlansView):
    def get(self, request: HttpRequest, plan_id: int) -> HttpResponse:
        self.plan = readable_plan(request, plan_id)
        self.page_title = f"{self.plan.display_title} — {self.plan.commune.full_name}"
        progress = plan_progress(self.plan)
        return self.render(
            "plans/admin/detail.html",
            plan=self.plan,
            progress=progress,
            directives=list(self.plan.directives.all()),
            can_edit=may_edit(request.user, self.plan.commune_id),
        )


class PlanFormView(PlansView):
    """Add a plan (no plan_id) or change one."""

    def setup(self, request, *args, **kwargs) -> None:
        super().setup(request, *args, **kwargs)
        self.plan = None

    def dispatch(self, request, plan_id: int | None = None, *args, **kwargs):
        if plan_id is not None:
            self.plan = readable_plan(request, plan_id)
            if not may_edit(request.user, self.plan.commune_id):
                return forbidden(request, "Chỉ điều phối viên của xã, phường sửa kế hoạch.")
            self.page_title = "Sửa kế hoạch"
        else:
            if not may_edit_any(request.user):
                return forbidden(request, "Chỉ điều phối viên của xã, phường thêm kế hoạch.")
            self.page_title = "Thêm kế hoạch"
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return self.render(
            "plans/admin/form.html", form=PlanForm(instance=self.plan, user=request.user)
        )

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = PlanForm(request.POST, instance=self.plan, user=request.user)
        if form.is_valid():
            adding = self.plan is None
            try:
                plan = plan_save(
                    plan=form.save(commit=False),
                    directives=form.cleaned_data["directives"],
                    user=request.user,
                )
            except PlanRuleError as exc:
                form.add_error(None, exc.messages[0])
            else:
                action = "wagtail.create" if adding else "wagtail.edit"
                log(instance=plan, action=action, user=request.user)  # the commune's audit log
                messages.success(request, f"Đã lưu kế hoạch năm {plan.year}.")
                return redirect("plans:detail", plan.pk)
        return self.render("plans/admin/form.html", status=422, form=form)


class PlanDeleteView(PlansView):
    page_title = "Xóa kế hoạch"

    def dispatch(self, request, plan_id: int, *args, **kwargs):
        self.plan = readable_plan(request, plan_id)
        if not may_edit(request.user, self.plan.commune_id):
            return forbidden(request, "Chỉ điều phối viên của xã, phường xóa kế hoạch.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return self.render("plans/admin/delete.html", plan=self.plan, what=str(self.plan))

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        year = self.plan.year
        log(instance=self.plan, action="wagtail.delete", user=request.user)
        self.plan.delete()
        messages.success(request, f"Đã xóa kế hoạch năm {year}.")
        return redirect("plans:index")


class ItemFormView(PlansView):
    """Add an item to a plan (plan_id) or change one (item_id)."""

    def dispatch(self, request, plan_id: int | None = None, item_id: int | None = None, **kw):
        if item_id is not None:
            self.item = readable_item(request, item_id)
            self.plan = self.item.plan
            self.page_title = "Sửa nhiệm vụ"
        else:
            self.plan = readable_plan(request, plan_id)
            self.item = PlanItem(plan=self.plan, position=self.plan.items.count() + 1)
            self.page_title = "Thêm nhiệm vụ"
        if not may_edit(request.user, self.plan.commune_id):
            return forbidden(request, "Chỉ điều phối viên của xã, phường sửa nhiệm vụ.")
        return super().dispatch(request, **kw)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = PlanItemForm(instance=self.item, plan=self.plan)
        return self.render("plans/admin/form.html", form=form, plan=self.plan)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = PlanItemForm(request.POST, instance=self.item, plan=self.plan)
        if form.is_valid():
            try:
                with transaction.atomic():
                    item = item_save(
                        item=form.save(commit=False),
                        coordinating_units=form.cleaned_data["coordinating_units"],
                        user=request.user,
                    )
            except PlanRuleError as exc:
                form.add_error(None, exc.messages[0])
            else:
                log(instance=self.plan, action="wagtail.edit", user=request.user,
                    data={"item": item.position})  # fmt: skip
                messages.success(request, f"Đã lưu nhiệm vụ {item.position}.")
                return redirect("plans:detail", self.plan.pk)
        return self.render("plans/admin/form.html", status=422, form=form, plan=self.plan)


class ItemDeleteView(PlansView):
    page_title = "Xóa nhiệm vụ"

    def dispatch(self, request, item_id: int, *args, **kwargs):
        self.item = readable_item(request, item_id)
        self.plan = self.item.plan
        if not may_edit(request.user, self.plan.commune_id):
            return forbidden(request, "Chỉ điều phối viên của xã, phường xóa nhiệm vụ.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return self.render("plans/admin/delete.html", plan=self.plan, what=str(self.item))

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        log(instance=self.plan, action="wagtail.edit", user=request.user,
            data={"item_deleted": self.item.position})  # fmt: skip
        self.item.delete()
        messages.success(request, "Đã xóa nhiệm vụ.")
        return redirect("plans:detail", self.plan.pk)


def plan_export(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    """The plan as a Decree 30 DOCX with its annex, or the annex as XLSX: for its readers."""
    plan = readable_plan(request, plan_id)
    if fmt == "docx":
        data, content_type = plan_docx(plan), DOCX
    elif fmt == "xlsx":
        data, content_type = plan_xlsx(plan), XLSX
    else:
        raise Http404("Định dạng không hỗ trợ.")
    response = HttpResponse(data, content_type=content_type)
    name = f"ke-hoach-tuyen-truyen-{plan.commune.slug}-{plan.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
