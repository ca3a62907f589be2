"""The back-office form of the commune's report: the header fields and one text area per section."""

from __future__ import annotations

import datetime

from django import forms

from cchc.reports.commune_report import MAX_SECTION_CHARS, SECTIONS, ReportText

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _required(label: str) -> dict[str, str]:
    return {"required": f"Mục «{label}» không được để trống."}


def _too_long(limit: int) -> str:
    return f"Tối đa {limit:,} ký tự.".replace(",", ".")


class CommuneReportForm(forms.Form):
    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    number_symbol = forms.CharField(
        label="Số, ký hiệu", max_length=80, required=False, help_text="Ví dụ: Số: 45/BC-UBND"
    )
    place = forms.CharField(label="Địa danh", max_length=120, error_messages=_required("Địa danh"))
    signed_on = forms.DateField(
        label="Ngày ký",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text="Để trống: bản dự thảo in «ngày … tháng … năm …».",
        error_messages={"invalid": "Ngày ký không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."},
    )
    signer_authority = forms.CharField(label="Thẩm quyền ký", max_length=120, required=False)
    signer_position = forms.CharField(
        label="Chức vụ người ký",
        max_length=120,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: KT. CHỦ TỊCH (xuống dòng) PHÓ CHỦ TỊCH",
        error_messages=_required("Chức vụ người ký"),
    )
    signer_name = forms.CharField(label="Người ký", max_length=120, required=False)
    recipients = forms.CharField(
        label="Nơi nhận",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Mỗi dòng một nơi nhận.",
    )

    def __init__(self, *args, period_start: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.period_start = period_start
        for spec in SECTIONS:
            self.fields[f"section_{spec.key}"] = forms.CharField(
                label=spec.heading,
                required=spec.required,
                max_length=MAX_SECTION_CHARS,
                widget=forms.Textarea(attrs={"rows": 8}),
                error_messages={
                    **_required(spec.heading),
                    "max_length": _too_long(MAX_SECTION_CHARS),
                },
                help_text="" if spec.required else "Không bắt buộc; để trống thì không in mục này.",
            )

    def section_fields(self) -> list:
        return [self[f"section_{spec.key}"] for spec in SECTIONS]

    def header_fields(self) -> list:
        names = ["number_symbol", "place", "signed_on", "signer_authority", "signer_position"]
        return [self[name] for name in [*names, "signer_name", "recipients"]]

    def clean_signed_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("signed_on")
        if day is not None and day < self.period_start:
            raise forms.ValidationError("Ngày ký không được trước ngày đầu của kỳ báo cáo.")
        if day is not None and day.year > self.period_start.year + 1:
            raise forms.ValidationError("Ngày ký quá xa so với kỳ báo cáo.")
        return day

    @staticmethod
    def initial_from(text: ReportText, base_version: int) -> dict:
        initial = {
            "base_version": base_version,
            "number_symbol": text.number_symbol,
            "place": text.place,
            "signed_on": text.signed_on,
            "signer_authority": text.signer_authority,
            "signer_position": text.signer_position,
            "signer_name": text.signer_name,
            "recipients": text.recipients,
        }
        initial.update({f"section_{k}": v for k, v in text.sections.items()})
        return initial

    def report_text(self, tables: dict[str, dict]) -> ReportText:
        data = self.cleaned_data
        return ReportText(
            number_symbol=data["number_symbol"],
            place=data["place"],
            signed_on=data["signed_on"],
            signer_authority=data["signer_authority"],
            signer_position=data["signer_position"],
            signer_name=data["signer_name"],
            recipients=data["recipients"],
            sections={spec.key: data.get(f"section_{spec.key}", "") for spec in SECTIONS},
            tables=tables,
        )
