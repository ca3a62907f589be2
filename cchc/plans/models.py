"""A commune's annual communication plan (kế hoạch tuyên truyền) and its annex task table."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from cchc.communes.models import Commune, Unit
from cchc.plans.channels import Channel
from cchc.plans.plan_periods import (
    ALL_MONTHS,
    months_of,
    plan_period_end,
    plan_period_label,
)


class CommunicationPlan(models.Model):
    """One plan per commune and year, as the People's Committee signs it (seed 001)."""

    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="plans", verbose_name="xã, phường"
    )
    year = models.PositiveSmallIntegerField("năm")
    number_symbol = models.CharField(
        "số, ký hiệu", max_length=80, blank=True, help_text="Ví dụ: 12/KH-UBND"
    )
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    title = models.CharField("trích yếu", max_length=255, blank=True)
    basis = models.TextField(
        "căn cứ",
        blank=True,
        help_text="Các văn bản cấp trên mà kế hoạch thực hiện, nếu không có trên cổng.",
    )
    directives = models.ManyToManyField(
        "portal.DirectiveDocumentPage",
        blank=True,
        related_name="communication_plans",
        verbose_name="văn bản chỉ đạo thực hiện",
    )
    aims = models.TextField("mục đích", blank=True)
    requirements = models.TextField("yêu cầu", blank=True)
    signer_authority = models.CharField(
        "thẩm quyền ký", max_length=120, blank=True, default="TM. ỦY BAN NHÂN DÂN"
    )
    signer_position = models.CharField(
        "chức vụ người ký", max_length=120, blank=True, default="CHỦ TỊCH"
    )
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    recipients = models.TextField("nơi nhận", blank=True, help_text="Mỗi dòng một nơi nhận.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "kế hoạch tuyên truyền"
        verbose_name_plural = "kế hoạch tuyên truyền"
        ordering = ["-year", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "year"],
                name="plan_one_per_commune_year",
                violation_error_message="Xã, phường này đã có kế hoạch tuyên truyền của năm này.",
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or f"Kế hoạch tuyên truyền cải cách hành chính năm {self.year}"


class PlanItem(models.Model):
    """One row of the annex: what, how, when, who leads, who helps, what comes out, how many."""

    plan = models.ForeignKey(
        CommunicationPlan, on_delete=models.CASCADE, related_name="items", verbose_name="kế hoạch"
    )
    position = models.PositiveSmallIntegerField("số thứ tự", default=1)
    content = models.TextField("nội dung tuyên truyền")
    channel = models.CharField(
        "hình thức", max_length=20, choices=Channel.choices, default=Channel.OTHER
    )
    form_text = models.CharField("hình thức (như ghi trong kế hoạch)", max_length=500, blank=True)
    months = models.PositiveSmallIntegerField(
        "các tháng thực hiện", default=ALL_MONTHS, help_text="Mặt nạ 12 bit, bit 0 là tháng 1."
    )
    period_text = models.CharField("thời gian (như ghi trong kế hoạch)", max_length=200, blank=True)
    lead_unit = models.ForeignKey(
        Unit,
        null=True,
        on_delete=models.SET_NULL,
        related_name="led_plan_items",
        verbose_name="đơn vị thực hiện",
    )
    coordinating_units = models.ManyToManyField(
        Unit, blank=True, related_name="coordinated_plan_items", verbose_name="đơn vị phối hợp"
    )
    coordinating_note = models.CharField(
        "phối hợp (ghi chung)",
        max_length=300,
        blank=True,
        help_text="Ví dụ: «Các cơ quan, đơn vị liên quan».",
    )
    product = models.CharField("sản phẩm", max_length=500, blank=True)
    target_count = models.PositiveIntegerField("chỉ tiêu (số lượng)", default=1)
    target_unit = models.CharField("đơn vị tính", max_length=60, blank=True, default="sản phẩm")

    class Meta:
        verbose_name = "nhiệm vụ tuyên truyền"
        verbose_name_plural = "nhiệm vụ tuyên truyền"
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(months__gt=0, months__lte=ALL_MONTHS),
                name="plan_item_months_in_year",
            )
        ]

    def __str__(self) -> str:
        text = " ".join(self.content.split())
        return f"{self.position}. {text[:80]}{'…' if len(text) > 80 else ''}"

    @property
    def month_list(self) -> list[int]:
        return months_of(self.months)

    @property
    def period_label(self) -> str:
        return plan_period_label(self.months, self.plan.year)

    @property
    def period_end(self) -> datetime.date | None:
        return plan_period_end(self.months, self.plan.year)

    @property
    def target_label(self) -> str:
        return f"{self.target_count} {self.target_unit}".strip()


class PlanItemPage(models.Model):
    """A portal page (news, guide…) recorded as work toward an item; counted once published.

    The link lives here, pointing at Wagtail's Page, so no content app imports plans."""

    item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="page_links", verbose_name="nhiệm vụ"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="plan_item_links",
        verbose_name="trang",
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "tin, bài thực hiện nhiệm vụ"
        verbose_name_plural = "tin, bài thực hiện nhiệm vụ"
        constraints = [models.UniqueConstraint(fields=["item", "page"], name="plan_item_page_once")]

    def __str__(self) -> str:
        return f"{self.item} ← {self.page_id}"
