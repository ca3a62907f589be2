"""Importing an annex in the back office (upload, then map unknown units) and linking a page.

The upload is checked whole: a file with any problem is not imported and every problem is
listed. When the commune lacks some of the units the file names, the file is kept in the
session (5 MB at most) and the officer maps each name to one of the commune's units or has it
created; then the import runs again with that mapping, still all or nothing.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from wagtail.models import Page

from cchc.communes.models import Commune
from cchc.plans.admin_views import PlansView, forbidden
from cchc.plans.forms import PageItemsForm, PlanImportForm, UnitMappingForm
from cchc.plans.importing import PlanImportError, UnknownUnits, plan_import
from cchc.plans.permissions import may_edit, may_edit_any
from cchc.plans.services import PlanRuleError, items_for_page, page_link_items

SESSION_KEY = "cchc_plans_import"


class PlanImportView(PlansView):
    page_title = "Nhập kế hoạch từ tệp"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not may_edit_any(request.user):
            return forbidden(request, "Chỉ điều phối viên của xã, phường nhập kế hoạch.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {"commune": request.GET.get("xa")} if request.GET.get("xa", "").isdigit() else {}
        return self.render(
            "plans/admin/import.html", form=PlanImportForm(user=request.user, initial=initial)
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PlanImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render("plans/admin/import.html", status=422, form=form)
        commune: Commune = form.cleaned_data["commune"]
        data = form.cleaned_data["file"].read()
        options = {"year": form.cleaned_data["year"], "replace": form.cleaned_data["replace"]}
        return run_import(self, commune, data, options, form=form)


def run_import(
    view: PlansView,
    commune: Commune,
    data: bytes,
    options: dict,
    *,
    form,
    mapping: dict | None = None,
    created: set | None = None,
) -> HttpResponse:
    request = view.request
    try:
        result = plan_import(
            commune=commune,
            data=data,
            unit_mapping=mapping,
            create_units=created or False,
            user=request.user,
            **options,
        )
    except UnknownUnits as exc:
        request.session[SESSION_KEY] = {
            "commune": commune.pk,
            "data": base64.b64encode(data).decode("ascii"),
            "names": exc.names,
            **options,
        }
        return redirect("plans:import_units")
    except PlanImportError as exc:
        return view.render(
            "plans/admin/import.html", status=422, form=form, problems=exc.problems, commune=commune
        )
    request.session.pop(SESSION_KEY, None)
    extra = f"; tạo {len(result.created_units)} đơn vị mới" if result.created_units else ""
    messages.success(
        request, f"Đã nhập {result.items} nhiệm vụ vào kế hoạch năm {result.plan.year}{extra}."
    )
    return redirect("plans:detail", result.plan.pk)


class UnitMappingView(PlansView):
    page_title = "Đơn vị chưa có trong xã, phường"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.pending = request.session.get(SESSION_KEY)
        if not self.pending:
            return redirect("plans:import")
        # The commune is asked again: a role may have been withdrawn since the upload.
        if not may_edit(request.user, self.pending["commune"]):
            request.session.pop(SESSION_KEY, None)
            return forbidden(request, "Bạn không có quyền nhập kế hoạch cho xã, phường này.")
        self.commune = get_object_or_404(Commune, pk=self.pending["commune"])
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None) -> UnitMappingForm:
        return UnitMappingForm(data, names=self.pending["names"], commune=self.commune)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render("plans/admin/units.html", form=self.form(), commune=self.commune)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(
                "plans/admin/units.html", status=422, form=form, commune=self.commune
            )
        mapping, created = form.mapping()
        data = base64.b64decode(self.pending["data"])
        options = {"year": self.pending.get("year"), "replace": self.pending.get("replace", False)}
        upload = PlanImportForm(user=request.user, initial={"commune": self.commune.pk})
        return run_import(
            self, self.commune, data, options, form=upload, mapping=mapping, created=created
        )


class PageItemsView(PlansView):
    """From the page editor's menu: which plan items this page counts toward. Only the items of
    the plan of the page's own commune are offered, and only those are accepted."""

    page_title = "Gắn với kế hoạch tuyên truyền"
    header_icon = "list-ol"

    def dispatch(self, request, page_id: int, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not self.page.permissions_for_user(request.user).can_edit():
            raise Http404("Không tìm thấy trang.")
        self.items = items_for_page(self.page)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict]:
        edit = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return [
            *self.breadcrumbs_items,
            {"url": edit, "label": self.page.get_admin_display_title()},
            {"url": "", "label": self.page_title},
        ]

    def form(self, data=None) -> PageItemsForm:
        initial = {"items": list(self.page.plan_item_links.values_list("item_id", flat=True))}
        return PageItemsForm(data, items=self.items, initial=initial)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render("plans/admin/page_items.html", form=self.form(), page=self.page)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form(request.POST)
        if form.is_valid():
            try:
                page_link_items(page=self.page, items=form.cleaned_data["items"], user=request.user)
            except PlanRuleError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, "Đã lưu nhiệm vụ mà trang này thực hiện.")
                return redirect("wagtailadmin_pages:edit", self.page.pk)
        return self.render("plans/admin/page_items.html", status=422, form=form, page=self.page)
