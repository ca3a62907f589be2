"""Tenants: provinces, communes (one Wagtail Site each), units and staff roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Province(models.Model):
    """A province or centrally-run city (tỉnh / thành phố trực thuộc TW), 2025 list."""

    code = models.PositiveIntegerField("mã tỉnh", unique=True)
    name = models.CharField("tên", max_length=120)
    kind = models.CharField("loại", max_length=40, blank=True)

    class Meta:
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def people_committee(self) -> str:
        """Its People's Committee as documents address it: "UBND tỉnh Hà Tĩnh",
        "UBND thành phố Hà Nội"."""
        name = self.name
        if name.startswith("Thành phố"):
            return f"UBND {name[0].lower()}{name[1:]}"
        return f"UBND tỉnh {name}"


class Commune(models.Model):
    """A commune, ward or special zone: one tenant, one Wagtail Site and page tree."""

    class Kind(models.TextChoices):
        COMMUNE = "xa", "Xã"
        WARD = "phuong", "Phường"
        SPECIAL_ZONE = "dac_khu", "Đặc khu"

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")
    code = models.PositiveIntegerField("mã đơn vị hành chính", unique=True)
    name = models.CharField("tên", max_length=120, help_text="Không kèm chữ xã/phường")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.COMMUNE)
    slug = models.SlugField("tên miền con", unique=True, max_length=60)
    root_page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commune",
        verbose_name="trang chủ",
    )
    address = models.CharField("địa chỉ trụ sở", max_length=255, blank=True)
    phone = models.CharField("điện thoại", max_length=40, blank=True)
    email = models.EmailField("thư điện tử", blank=True)

    class Meta:
        verbose_name = "xã, phường"
        verbose_name_plural = "xã, phường"
        ordering = ["province__name", "name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def committee_name(self) -> str:
        """'Ủy ban nhân dân xã Đức Thọ' — the issuer on documents and footers."""
        return f"Ủy ban nhân dân {self.get_kind_display().lower()} {self.name}"


class Unit(models.Model):
    """An office, centre, village or organisation of a commune that takes part in the work."""

    class Kind(models.TextChoices):
        COORDINATING = "coordinating", "Phòng Văn hóa - Xã hội (đầu mối)"
        OFFICE = "office", "Cơ quan chuyên môn"
        PUBLIC_SERVICE_CENTRE = "service_centre", "Trung tâm Dịch vụ sự nghiệp công"
        ONE_STOP_CENTRE = "one_stop", "Trung tâm Phục vụ hành chính công"
        VILLAGE = "village", "Thôn, tổ dân phố"
        SCHOOL = "school", "Trường học"
        ORGANISATION = "organisation", "Tổ chức chính trị - xã hội"

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="units")
    name = models.CharField("tên đơn vị", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["commune", "name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="unit_unique_name_per_commune")
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A staff member's role in one commune (and, for unit staff, one unit)."""

    class Role(models.TextChoices):
        EDITOR = "editor", "Biên tập viên (đơn vị, cộng tác viên)"
        COORDINATOR = "coordinator", "Điều phối viên (duyệt, xuất bản)"
        LEADER = "leader", "Lãnh đạo"
        PROVINCE_OFFICER = "province_officer", "Cán bộ Sở Nội vụ tỉnh"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "phân quyền cán bộ"
        verbose_name_plural = "phân quyền cán bộ"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "commune", "role"], name="membership_unique_role_per_commune"
            ),
            models.CheckConstraint(
                condition=models.Q(commune__isnull=False) | models.Q(province__isnull=False),
                name="membership_has_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.commune or self.province}"
