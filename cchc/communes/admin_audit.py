"""Back office: "Nhật ký thao tác", one commune's audit log of staff actions on non-page data.

Wagtail's site-history report lists entries by model permission, which says nothing about
communes; this listing is filtered by the commune recorded in each entry (cchc.communes.audit):
coordinators and leaders read their commune's, province officers their province's, superusers
every commune's with a commune filter; anyone else gets 404.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.http import Http404, HttpRequest
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import ModelLogEntry

import cchc.formats
from cchc.communes.access import CommuneReach, commune_reach
from cchc.communes.audit import (
    ACTION_LABELS,
    WAGTAIL_LABELS,
    action_label,
    audit_entries,
    describe,
)
from cchc.communes.models import Commune
from cchc.vietnamese.dates import date_time_text

PAGE_SIZE = 50
DATE_FORMATS = cchc.formats.DATE_INPUT_FORMATS  # what every date input reads (decision 0013)
BAD_DATE = "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2025."


def _date_filter(label: str, lookup: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label,
        field_name="timestamp",
        # `__date` compares in the current time zone (Asia/Ho_Chi_Minh), not in UTC.
        lookup_expr=f"date__{lookup}",
        input_formats=DATE_FORMATS,
        widget=AdminDateInput,
        error_messages={"invalid": BAD_DATE},
    )


class AuditFilterForm(forms.Form):
    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("tu"), cleaned.get("den")
        if start and end and start > end:
            self.add_error("den", "«Đến ngày» phải sau hoặc bằng «Từ ngày».")
        return cleaned


class AuditFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label="Thao tác",
        choices=[*ACTION_LABELS.items(), *WAGTAIL_LABELS.items()],
        error_messages={"invalid_choice": "Không có thao tác này trong danh sách."},
    )
    tu = _date_filter("Từ ngày", "gte")
    den = _date_filter("Đến ngày", "lte")
    xa = django_filters.ModelChoiceFilter(
        label="Xã, phường",
        queryset=Commune.objects.none(),
        method="filter_commune",
        error_messages={"invalid_choice": "Không có xã, phường này trong danh sách bạn được xem."},
    )

    class Meta:
        model = ModelLogEntry
        fields: list[str] = []
        form = AuditFilterForm

    def __init__(self, *args, scope: CommuneReach, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        communes = scope.communes()
        if scope.everything or len(scope.commune_ids) > 1:
            self.filters["xa"].queryset = communes
        else:
            del self.filters["xa"]  # one commune: nothing to choose

    def filter_commune(self, queryset, name: str, value: Commune | None):
        return queryset.filter(data__commune_id=value.pk) if value else queryset


def _when(entry: ModelLogEntry) -> str:
    return date_time_text(timezone.localtime(entry.timestamp))


def _what(entry: ModelLogEntry) -> str:
    kind = entry.content_type.name if entry.content_type_id else ""
    return f"{entry.label} ({kind})" if kind else entry.label


def _who(entry: ModelLogEntry) -> str:
    return entry.user_display_name if entry.user_id else "Hệ thống (dòng lệnh)"


class AuditPaginator(WagtailPaginator):
    # Wagtail names the items after the model ("model log entries"); staff read "thao tác".
    verbose_name = "thao tác"
    verbose_name_plural = "thao tác"


class AuditLogView(BaseListingView):
    page_title = "Nhật ký thao tác"
    header_icon = "history"
    paginate_by = PAGE_SIZE
    paginator_class = AuditPaginator
    index_url_name = "cchc_audit_log"
    index_results_url_name = "cchc_audit_log_results"
    results_template_name = "communes/admin/audit_results.html"
    filterset_class = AuditFilterSet
    verbose_name = "thao tác"
    verbose_name_plural = "thao tác"
    default_ordering = ("-timestamp", "-pk")

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        # Wagtail turns PermissionDenied into a redirect; a 404 says nothing about the log.
        if not self.scope:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def scope(self) -> CommuneReach:
        return commune_reach(self.request.user, write=True)

    @cached_property
    def columns(self) -> list[Column]:
        columns = [
            Column("timestamp", label="Thời gian", accessor=_when, width="11em"),
            Column("user", label="Người thực hiện", accessor=_who),
            Column("action", label="Thao tác", accessor=lambda e: action_label(e.action)),
            Column("label", label="Đối tượng", accessor=_what),
            Column("details", label="Chi tiết", accessor=describe),
        ]
        if self.scope.everything or len(self.scope.commune_ids) > 1:
            names = {c.pk: c.full_name for c in self.scope.communes()}
            columns.insert(
                1,
                Column(
                    "commune",
                    label="Xã, phường",
                    accessor=lambda e: names.get((e.data or {}).get("commune_id"), ""),
                ),
            )
        return columns

    def get_filterset_kwargs(self) -> dict:
        return {**super().get_filterset_kwargs(), "scope": self.scope}

    def get_base_queryset(self):
        return audit_entries(self.scope)

    def filter_queryset(self, queryset):
        # Fields that are valid still filter when another one is not (the message says which).
        if self.filters and self.filters.is_bound:
            self.filters.is_valid()
            queryset = self.filters.filter_queryset(queryset)
        return queryset

    @cached_property
    def filter_errors(self) -> list[str]:
        if not self.filters or self.filters.is_valid():
            return []
        form = self.filters.form
        return [
            f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()
        ]

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["filter_errors"] = self.filter_errors
        return context


class AuditResultsView(AuditLogView):
    results_only = True


def audit_urls() -> list:
    return [
        path("nhat-ky/", AuditLogView.as_view(), name="cchc_audit_log"),
        path("nhat-ky/ket-qua/", AuditResultsView.as_view(), name="cchc_audit_log_results"),
    ]


class AuditMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(commune_reach(request.user, write=True))


def audit_menu_item() -> MenuItem:
    return AuditMenuItem(
        "Nhật ký thao tác", reverse("cchc_audit_log"), icon_name="history", order=170
    )
