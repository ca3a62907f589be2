"""Back-office forms and views: editing a procedure, uploading a catalogue file."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cchc.communes.models import Commune
from cchc.procedures.models import Procedure, ProcedureStatus
from cchc.procedures.permissions import communes_managed_by, user_may_manage
from cchc.procedures.reading import MAX_IMPORT_BYTES
from cchc.procedures.services import (
    ImportResult,
    procedure_change_status,
    procedure_structure,
    procedures_import,
)
from cchc.procedures.validation import CODE_RE

MAX_ERRORS_SHOWN = 500
_ID = re.compile(r"[0-9]{1,10}")
DEFAULT_EXCLUDED_FIELDS = "Hải quan; Thuế"


class ProcedureAdminForm(WagtailAdminModelForm):
    """The snippet edit form: commune limited to the user's, status edits go into the history."""

    status_note = forms.CharField(
        label="Ghi chú về thay đổi tình trạng",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=("Ghi vào lịch sử khi tình trạng, ngày hiệu lực hoặc quyết định thay đổi."),
    )
    status_replaced_by = forms.CharField(
        label="Mã thủ tục thay thế",
        required=False,
        max_length=40,
        help_text="Bắt buộc khi tình trạng là «Thay thế» (ví dụ: 1.001193).",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "commune" in self.fields:
            # The model field has no Vietnamese verbose_name (adding one is a migration); the
            # form would show "Commune*".
            self.fields["commune"].label = "Xã, phường"
        if "commune" in self.fields and self.for_user is not None:
            self.fields["commune"].queryset = communes_managed_by(self.for_user)
        self._status_before = (
            (
                self.instance.status,
                self.instance.status_effective_on,
                self.instance.status_decision,
            )
            if self.instance.pk
            else None
        )

    def clean_code(self) -> str:
        code = " ".join((self.cleaned_data.get("code") or "").split())
        if not CODE_RE.match(code):
            raise ValidationError("Mã thủ tục không đúng định dạng (ví dụ đúng: 1.001193).")
        return code

    def clean_status_replaced_by(self) -> str:
        code = (self.cleaned_data.get("status_replaced_by") or "").strip()
        if code and not CODE_RE.match(code):
            raise ValidationError("Mã thủ tục thay thế không đúng định dạng.")
        return code

    def clean(self) -> dict:
        cleaned = super().clean()
        if (
            cleaned.get("status") == ProcedureStatus.REPLACED
            and self._status_changed(cleaned)
            and not cleaned.get("status_replaced_by")
        ):
            self.add_error("status_replaced_by", "Thủ tục bị thay thế cần ghi mã thủ tục thay thế.")
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        # Edited raw texts are parsed again, so the public page's tables follow the edit.
        self.instance.structure = procedure_structure(self.instance)

    def _status_changed(self, cleaned: dict) -> bool:
        after = (
            cleaned.get("status"),
            cleaned.get("status_effective_on"),
            cleaned.get("status_decision") or "",
        )
        if self._status_before is None:
            return after[0] != ProcedureStatus.CURRENT or after[1] is not None
        return after != self._status_before

    def save(self, commit: bool = True) -> Procedure:
        cleaned = self.cleaned_data
        if not commit or not self._status_changed(cleaned):
            return super().save(commit=commit)
        # Save the other fields with the old status, then let the service record the decision
        # in the history and make it current — the only path that changes a status.
        if self._status_before is not None:
            status, effective_on, decision = self._status_before
            self.instance.status = status
            self.instance.status_effective_on = effective_on
            self.instance.status_decision = decision
        else:
            self.instance.status = ProcedureStatus.CURRENT
            self.instance.status_effective_on = None
            self.instance.status_decision = ""
        procedure = super().save(commit=True)
        procedure_change_status(
            procedure=procedure,
            status=cleaned["status"],
            effective_on=cleaned.get("status_effective_on"),
            decision=cleaned.get("status_decision") or "",
            note=cleaned.get("status_note") or "",
            replaced_by=cleaned.get("status_replaced_by") or "",
            user=self.for_user,
        )
        return procedure


class ProcedureImportForm(forms.Form):
    commune = forms.ModelChoiceField(
        label="Xã, phường", queryset=Commune.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label="Tệp danh mục thủ tục",
        help_text=(
            "JSON (danh sách), JSON Lines (.jsonl, có thể nén .gz) hoặc CSV mã hóa UTF-8 "
            "với dòng tiêu đề (ma_thu_tuc, ten_thu_tuc, linh_vuc…); tối đa 20 MB."
        ),
    )
    exclude_fields = forms.CharField(
        label="Không nhập các lĩnh vực",
        required=False,
        initial=DEFAULT_EXCLUDED_FIELDS,
        help_text=(
            "Phân cách bằng dấu chấm phẩy. Xã, phường không giải quyết thủ tục hải quan, thuế."
        ),
    )
    partial = forms.BooleanField(
        label="Nhập các dòng hợp lệ, bỏ qua các dòng lỗi",
        required=False,
        help_text="Không chọn: tệp có bất kỳ dòng lỗi nào sẽ không được nhập.",
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_managed_by(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The size is known from the upload handler; nothing is read before this check.
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError("Tệp lớn hơn 20 MB, không nhập được.")
        if upload.size == 0:
            raise ValidationError("Tệp rỗng, không có thủ tục nào.")
        return upload

    def excluded(self) -> list[str]:
        raw = self.cleaned_data.get("exclude_fields") or ""
        return [part.strip() for part in raw.replace("\n", ";").split(";") if part.strip()]


class ProcedureImportView(WagtailAdminTemplateMixin, FormView):
    """ "Nhập thủ tục hành chính": upload a file, see the per-row errors or what was stored."""

    template_name = "procedures/admin/import.html"
    form_class = ProcedureImportForm
    page_title = "Nhập thủ tục hành chính"
    header_icon = "upload"

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_procedures_procedure:list"),
                "label": "Thủ tục hành chính",
            },
            {"url": "", "label": self.page_title},
        ]

    def forbidden(self, message: str) -> HttpResponse:
        """A real 403 (Wagtail turns PermissionDenied into a redirect to the dashboard)."""
        return TemplateResponse(
            self.request,
            "procedures/admin/forbidden.html",
            {"message": message, "page_title": self.page_title},
            status=403,
        )

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not communes_managed_by(request.user).exists():
            return self.forbidden(
                "Bạn chưa được phân quyền điều phối, lãnh đạo ở xã, phường nào nên không nhập "
                "được thủ tục hành chính."
            )
        if request.method == "POST":
            # Refuse an oversized upload from its declared length, before Django parses it.
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_IMPORT_BYTES + 1024 * 1024:
                form = self.get_form_class()(user=request.user)
                return self.render_to_response(
                    self.get_context_data(form=form, too_large=True), status=413
                )
            commune_id = request.POST.get("commune", "")
            # ASCII digits only: "²".isdigit() is True yet int("²") fails (a 500 before). Any
            # other value is left to the form, which refuses it as an unknown commune.
            if _ID.fullmatch(commune_id) and not user_may_manage(request.user, int(commune_id)):
                return self.forbidden(
                    "Bạn không có quyền nhập thủ tục hành chính cho xã, phường này."
                )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form: ProcedureImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        commune = form.cleaned_data["commune"]
        result: ImportResult = procedures_import(
            commune=commune,
            data=upload.read(),
            filename=upload.name or "",
            partial=form.cleaned_data["partial"],
            exclude_fields=form.excluded(),
            user=self.request.user,
        )
        status = 200 if result.applied or not result.errors else 422
        return self.render_to_response(
            self.get_context_data(
                form=self.get_form_class()(
                    user=self.request.user,
                    initial={
                        "commune": commune.pk,
                        "exclude_fields": form.cleaned_data["exclude_fields"],
                    },
                ),
                result=result,
                commune=commune,
                errors_shown=result.errors[:MAX_ERRORS_SHOWN],
                errors_hidden=max(0, len(result.errors) - MAX_ERRORS_SHOWN),
            ),
            status=status,
        )
