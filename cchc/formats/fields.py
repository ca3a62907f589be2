"""Vietnamese error messages and a sane year for the date fields of Wagtail's forms.

Wagtail builds the fields of page, snippet and settings forms from the model fields through its
override registry (`register_form_field_override`); registering DateField and DateTimeField
again, with Wagtail's own widgets, adds to every such field — a page's go-live and expiry, a
procedure's status_effective_on — a message that shows the expected form next to the field
instead of Django's bare "Nhập một ngày/thời gian hợp lệ", and refuses a year that cannot be
meant (a slip such as "13/12/0226" would otherwise be a date long past: published at once).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models

FIRST_YEAR, LAST_YEAR = 1900, 2199

DATE_INVALID = "Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 31/12/2026."
DATETIME_INVALID = "Ngày giờ phải viết theo dạng ngày/tháng/năm giờ:phút, ví dụ 13/12/2026 08:00."
YEAR_OUT_OF_RANGE = (
    f"Năm phải viết đủ bốn chữ số, trong khoảng {FIRST_YEAR}–{LAST_YEAR}, ví dụ 2026."
)


def validate_year(value: datetime.date | datetime.datetime | None) -> None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(YEAR_OUT_OF_RANGE, code="year")


def register_admin_date_fields() -> None:
    """Called once from PortalConfig.ready(), before Wagtail builds its first form class."""
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

    register_form_field_override(
        models.DateField,
        override={
            "widget": AdminDateInput,
            "error_messages": {"invalid": DATE_INVALID},
            "validators": [validate_year],
        },
    )
    register_form_field_override(
        models.DateTimeField,
        override={
            "widget": AdminDateTimeInput,
            "error_messages": {"invalid": DATETIME_INVALID},
            "validators": [validate_year],
        },
    )
