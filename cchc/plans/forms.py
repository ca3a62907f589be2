"""Back-office forms: a plan, an item, an annex upload, its unit mapping, a page's items.

Every choice is narrowed to the user's communes (or the plan's own commune) before the form is
shown, and checked again by the services when saved: another commune's units, documents or
items are never offered and never accepted.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from cchc.communes.models import Commune, Unit
from cchc.plans.annex_reading import MAX_ANNEX_BYTES
from cchc.plans.models import CommunicationPlan, PlanItem
from cchc.plans.permissions import communes_editable_by
from cchc.plans.plan_periods import PlanPeriodError, parse_plan_period
from cchc.plans.services import directive_pages_of
from cchc.portal.models import DirectiveDocumentPage

PLAN_FIELDS = [
    "commune",
    "year",
    "number_symbol",
    "issued_on",
    "title",
    "directives",
    "basis",
    "aims",
    "requirements",
    "signer_authority",
    "signer_position",
    "signer_name",
    "recipients",
]


class PlanForm(forms.ModelForm):
    class Meta:
        model = CommunicationPlan
        fields = PLAN_FIELDS
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "directives": forms.CheckboxSelectMultiple,
            "basis": forms.Textarea(attrs={"rows": 2}),
            "aims": forms.Textarea(attrs={"rows": 5}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        communes = communes_editable_by(user)
        self.fields["commune"].queryset = communes
        self.fields["commune"].empty_label = None
        self.fields["year"].min_value = 2000
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
        if self.instance.pk:
            # A plan stays with its commune; its documents are the commune's.
            self.fields["commune"].disabled = True
            documents = directive_pages_of(self.instance.commune)
        else:
            documents = DirectiveDocumentPage.objects.none()
            for commune in communes:
                documents = documents | directive_pages_of(commune)
        self.fields["directives"].queryset = documents.order_by("-issued_on", "title")
        self.fields["directives"].label_from_instance = lambda d: f"{d.number} {d.title}".strip()

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise ValidationError("Năm phải trong khoảng 2000-2100.")
        return year

    def clean(self) -> dict:
        cleaned = super().clean()
        commune: Commune | None = cleaned.get("commune")
        directives = cleaned.get("directives") or []
        if commune is not None and directives:
            allowed = set(directive_pages_of(commune).values_list("pk", flat=True))
            if any(d.pk not in allowed for d in directives):
                self.add_error("directives", "Chỉ chọn văn bản chỉ đạo của xã, phường này.")
        return cleaned


class PlanItemForm(forms.ModelForm):
    period_text = forms.CharField(
        label="Thời gian",
        max_length=200,
        help_text="Ví dụ: «Quý I/2026», «Quý I và Quý III», «Tháng 6», «Cả năm», «Thường xuyên».",
    )

    class Meta:
        model = PlanItem
        fields = [
            "position",
            "content",
            "channel",
            "form_text",
            "period_text",
            "lead_unit",
            "coordinating_units",
            "coordinating_note",
            "product",
            "target_count",
            "target_unit",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "coordinating_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan: CommunicationPlan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        units = Unit.objects.filter(commune_id=plan.commune_id).order_by("name")
        self.fields["lead_unit"].queryset = units
        self.fields["lead_unit"].required = True
        self.fields["coordinating_units"].queryset = units
        self.fields["coordinating_units"].required = False

    def clean_period_text(self) -> str:
        text = self.cleaned_data["period_text"]
        try:
            self.instance.months = parse_plan_period(text, self.plan.year)
        except PlanPeriodError as exc:
            raise ValidationError(str(exc)) from exc
        return text

    def clean_target_count(self) -> int:
        count = self.cleaned_data["target_count"]
        if count < 1:
            raise ValidationError("Chỉ tiêu ít nhất là 1.")
        return count


class PlanImportForm(forms.Form):
    commune = forms.ModelChoiceField(
        label="Xã, phường", queryset=Commune.objects.none(), empty_label=None
    )
    year = forms.IntegerField(
        label="Năm của kế hoạch",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Để trống: đọc từ tiêu đề phụ lục («… năm 2026») hoặc từ cột thời gian.",
    )
    file = forms.FileField(
        label="Tệp phụ lục nhiệm vụ",
        help_text="Word (.docx) hoặc Excel (.xlsx) có bảng nhiệm vụ; tối đa 5 MB.",
    )
    replace = forms.BooleanField(
        label="Thay thế các nhiệm vụ đã có của kế hoạch năm này", required=False
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_editable_by(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ANNEX_BYTES:
            raise ValidationError("Tệp lớn hơn 5 MB, không nhập được.")
        if upload.size == 0:
            raise ValidationError("Tệp rỗng.")
        return upload


CREATE = "tao-moi"


class UnitMappingForm(forms.Form):
    """For each unit name the commune lacks: one of its units, or a new unit of that name."""

    def __init__(self, *args, names: list[str], commune: Commune, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        choices = [(CREATE, "— Tạo đơn vị mới với tên này —")] + [
            (str(unit.pk), unit.name)
            for unit in Unit.objects.filter(commune=commune).order_by("name")
        ]
        for index, name in enumerate(names):
            self.fields[f"unit_{index}"] = forms.ChoiceField(
                label=f"«{name}»", choices=choices, initial=CREATE
            )

    def mapping(self) -> tuple[dict[str, int], set[str]]:
        mapped: dict[str, int] = {}
        created: set[str] = set()
        for index, name in enumerate(self.names):
            value = self.cleaned_data[f"unit_{index}"]
            if value == CREATE:
                created.add(name)
            else:
                mapped[name] = int(value)
        return mapped, created


class PageItemsForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label="Nhiệm vụ trong kế hoạch tuyên truyền",
        queryset=PlanItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        self.fields["items"].label_from_instance = lambda i: f"Năm {i.plan.year} — {i}"
