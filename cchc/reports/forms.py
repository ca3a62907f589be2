"""The unit's report form: free text, attachments (checked by content in the service)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from cchc.reports.services import MAX_ATTACHMENTS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class UnitReportForm(forms.Form):
    text = forms.CharField(
        label="Kết quả thực hiện công tác thông tin, tuyên truyền CCHC",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Những việc đã làm, kết quả, khó khăn, vướng mắc và đề xuất của đơn vị.",
    )
    files = MultipleFileField(label="Tệp đính kèm", required=False)
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = ", ".join(f".{e}" for e in settings.WAGTAILDOCS_EXTENSIONS)
        self.fields["files"].help_text = (
            f"Tối đa {MAX_ATTACHMENTS} tệp, mỗi tệp đến "
            f"{filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)}; loại tệp: {allowed}."
        )
        self.fields["files"].error_messages["empty"] = "Tệp rỗng, không có nội dung."
        self.fields["text"].error_messages["required"] = (
            "Báo cáo chưa có nội dung. Hãy nhập kết quả thực hiện."
        )
