"""Periodic reports of units: the province's deadline rule and days, submissions, reminders.

Periods are not rows: a period is (year, kind) and its days, deadline and closing day are
computed from the province's rule and calendar (`cchc.reports.periods`), so a day off the
province adds later moves every deadline it touches without a migration of data.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cchc.reports.periods import KINDS, SHIFT_NEXT, SHIFT_PREVIOUS

PERIOD_CHOICES = [(kind, label) for kind, (label, _, _) in KINDS.items()]


def private_storage() -> FileSystemStorage:
    """Attachments are never public: served only through the back office's checked view."""
    return FileSystemStorage(location=settings.CCHC_PRIVATE_ROOT)


class ReportingRule(models.Model):
    """A province's deadline rule for one year (no row: seed 003's rule, `DeadlineRule()`)."""

    class Shift(models.TextChoices):
        PREVIOUS = SHIFT_PREVIOUS, "Dời về ngày làm việc liền trước"
        NEXT = SHIFT_NEXT, "Dời sang ngày làm việc liền sau"

    province = models.ForeignKey(
        "communes.Province", on_delete=models.CASCADE, related_name="reporting_rules"
    )
    year = models.PositiveSmallIntegerField("năm")
    due_day = models.PositiveSmallIntegerField(
        "ngày hạn", default=5, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    month_offset = models.PositiveSmallIntegerField(
        "tháng hạn",
        default=0,
        validators=[MaxValueValidator(3)],
        help_text="0: tháng cuối của kỳ; 1: tháng liền sau kỳ …",
    )
    before = models.BooleanField(
        "gửi trước ngày hạn", default=True, help_text="«trước ngày 05»: hạn cuối là ngày 04"
    )
    shift = models.CharField(
        "hạn rơi vào ngày nghỉ", max_length=10, choices=Shift.choices, default=Shift.PREVIOUS
    )
    nine_months = models.BooleanField("có báo cáo 9 tháng", default=False)
    grace_working_days = models.PositiveSmallIntegerField(
        "nhận báo cáo muộn thêm (ngày làm việc)", default=10, validators=[MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = "quy định hạn báo cáo"
        verbose_name_plural = "quy định hạn báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="reporting_rule_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.year}"


class CalendarDay(models.Model):
    """A day a province (or, without a province, the whole country) moves: an extra day off or
    a compensatory working day, beyond what the `holidays` package knows."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Ngày nghỉ"
        WORKING_DAY = "working_day", "Ngày làm việc bù"

    province = models.ForeignKey(
        "communes.Province",
        on_delete=models.CASCADE,
        related_name="calendar_days",
        null=True,
        blank=True,
    )
    day = models.DateField("ngày")
    kind = models.CharField("loại", max_length=12, choices=Kind.choices)
    name = models.CharField("lý do", max_length=200)

    class Meta:
        verbose_name = "ngày nghỉ, ngày làm bù"
        verbose_name_plural = "ngày nghỉ, ngày làm bù"
        constraints = [
            models.UniqueConstraint(fields=["province", "day"], name="calendar_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}: {self.name}"


class UnitReport(models.Model):
    """One version of a unit's report for a period. A new version replaces the current one
    and the old one is kept (`is_current` False); exactly one current version per period."""

    commune = models.ForeignKey("communes.Commune", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("communes.Unit", on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField("năm")
    period = models.CharField("kỳ", max_length=2, choices=PERIOD_CHOICES)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    is_current = models.BooleanField(default=True)
    text = models.TextField("nội dung báo cáo")
    figures = models.JSONField("số liệu từ nền tảng", default=list)  # [{key, label, value}]
    due_on = models.DateField("hạn gửi")  # the deadline when it was submitted
    late = models.BooleanField("gửi muộn", default=False)
    submitted_at = models.DateTimeField("lúc gửi", auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_by_name = models.CharField(max_length=150)  # kept if the account is deleted

    class Meta:
        verbose_name = "báo cáo của đơn vị"
        verbose_name_plural = "báo cáo của đơn vị"
        ordering = ["unit", "year", "period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "period", "version"], name="unit_report_version_once"
            ),
            # A second submission racing the first fails here instead of making two current.
            models.UniqueConstraint(
                fields=["unit", "year", "period"],
                condition=models.Q(is_current=True),
                name="unit_report_one_current",
            ),
        ]
        indexes = [models.Index(fields=["commune", "year", "period"], name="unit_report_period")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_period_display()}/{self.year} (v{self.version})"


class ReportAttachment(models.Model):
    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="reports/%Y/%m/", storage=private_storage)
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField("dung lượng")
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "tệp đính kèm báo cáo"
        verbose_name_plural = "tệp đính kèm báo cáo"
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def extension(self) -> str:
        return os.path.splitext(self.name)[1].lower()


class ReminderSent(models.Model):
    """A reminder sent to a unit for a period: the daily task sends each automatic kind once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Sắp đến hạn"
        OVERDUE = "overdue", "Quá hạn"
        MANUAL = "manual", "Điều phối viên nhắc"

    commune = models.ForeignKey("communes.Commune", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("communes.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=2, choices=PERIOD_CHOICES)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "lần nhắc báo cáo"
        verbose_name_plural = "các lần nhắc báo cáo"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "period", "kind"],
                condition=~models.Q(kind="manual"),
                name="reminder_automatic_once",
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "period", "kind", "sent_on"],
                name="reminder_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}/{self.year} {self.get_kind_display()}"


class CommuneReportVersion(models.Model):
    """One saved version of the commune's report for a period (issue 12 item 4).

    The platform drafts the sections from its data; the coordinator edits them and every save
    is a new row, never an update: who and when are kept with each version, and an export
    renders the chosen (or latest) version exactly as it was saved, tables included."""

    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, related_name="commune_reports"
    )
    year = models.PositiveSmallIntegerField("năm")
    period = models.CharField("kỳ", max_length=2, choices=PERIOD_CHOICES)
    version = models.PositiveSmallIntegerField("phiên bản")
    number_symbol = models.CharField("số, ký hiệu", max_length=80, blank=True)
    place = models.CharField("địa danh", max_length=120)
    signed_on = models.DateField("ngày ký", null=True, blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=120, blank=True)
    signer_position = models.CharField("chức vụ người ký", max_length=120)
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    sections = models.JSONField("nội dung các mục", default=dict)  # {section key: text}
    tables = models.JSONField("bảng số liệu", default=dict)  # {key: {header, rows, widths}}
    data_through = models.DateField("số liệu đến ngày")
    created_at = models.DateTimeField("lúc lưu", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_by_name = models.CharField("người lưu", max_length=150)

    class Meta:
        verbose_name = "báo cáo của xã (phiên bản)"
        verbose_name_plural = "báo cáo của xã (các phiên bản)"
        ordering = ["commune", "year", "period", "-version"]
        constraints = [
            # Two saves racing for the same number: the second fails here, never overwrites.
            models.UniqueConstraint(
                fields=["commune", "year", "period", "version"], name="commune_report_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune} — {self.get_period_display()}/{self.year} (v{self.version})"
