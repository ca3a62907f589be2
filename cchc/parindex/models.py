"""The PAR Index communication criterion as data, and the evidence packs built from it.

A `RuleSet` is one version of the rule (a province's, or the national default without a
province) valid from a year on: the score of year Y uses the province's set with the greatest
year ≤ Y, else the default's. Its criteria and sub-criteria are rows; a sub-criterion names a
method of `cchc.parindex.methods` and its parameters as JSON, so a province adds «lượt truy cập
chuyên mục» or «ban hành kế hoạch đúng hạn» by loading a file (`manage.py par_rules`), not by
code.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from cchc.parindex.methods import METHODS

METHOD_CHOICES = [(key, label) for key, (label, _) in METHODS.items()]


def private_storage() -> FileSystemStorage:
    """Packs hold units' reports and files: never public, served only by the checked view."""
    return FileSystemStorage(location=settings.CCHC_PRIVATE_ROOT)


class RuleSet(models.Model):
    province = models.ForeignKey(
        "communes.Province",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="par_rule_sets",
        verbose_name="tỉnh, thành phố",
        help_text="Để trống: quy tắc mặc định cho mọi tỉnh chưa có quy tắc riêng.",
    )
    year = models.PositiveSmallIntegerField("áp dụng từ năm")
    title = models.CharField("tên", max_length=255)
    source = models.CharField("văn bản quy định", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quy tắc chấm điểm chỉ số CCHC"
        verbose_name_plural = "quy tắc chấm điểm chỉ số CCHC"
        ordering = ["province_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"],
                name="par_rule_set_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (từ năm {self.year})"


class Criterion(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("thứ tự", default=1)
    key = models.SlugField("mã", max_length=40)
    label = models.CharField("tiêu chí", max_length=255)
    max_points = models.DecimalField("điểm tối đa", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["rule_set", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "key"], name="par_criterion_key_once")
        ]

    def __str__(self) -> str:
        return self.label


class SubCriterion(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveSmallIntegerField("thứ tự", default=1)
    key = models.SlugField("mã", max_length=40)
    label = models.CharField("tiêu chí thành phần", max_length=255)
    max_points = models.DecimalField("điểm tối đa", max_digits=5, decimal_places=2)
    method = models.CharField("cách tính", max_length=30, choices=METHOD_CHOICES)
    params = models.JSONField("tham số", default=dict, blank=True)

    class Meta:
        verbose_name = "tiêu chí thành phần"
        verbose_name_plural = "tiêu chí thành phần"
        ordering = ["criterion", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "key"], name="par_part_key_once")
        ]

    def __str__(self) -> str:
        return self.label


class EvidencePackJob(models.Model):
    """One «Tải hồ sơ minh chứng»: built in the background, its progress on the row."""

    class Status(models.TextChoices):
        PENDING = "pending", "Đang chờ"
        RUNNING = "running", "Đang tạo"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Lỗi"

    commune = models.ForeignKey("communes.Commune", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user_name = models.CharField(max_length=150)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to="parindex/%Y/%m/", storage=private_storage, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    files = models.PositiveIntegerField("số tệp", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "hồ sơ minh chứng"
        verbose_name_plural = "hồ sơ minh chứng"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Hồ sơ minh chứng năm {self.year}"
