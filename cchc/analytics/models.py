"""Visit statistics: raw view events, daily and monthly roll-ups, engagement, exports.

How counting works (docs/decisions/0008-visit-counting.md):
- every public page view becomes one `ViewEvent`, written in batches about once a second;
- a visitor is a hash of (a secret salt of the day, commune, IP address, user agent); the
  salt is deleted after its day, so a hash can never be traced back nor linked across days;
  no cookie is set and no IP address or user agent is stored;
- a view is *counted* unless the same visitor viewed the same page in the previous 30
  minutes (a reload); known bots, prefetches and staff never become events at all;
- `DailyCount` rows are recomputed from the events of a day (idempotent), `MonthlyCount`
  from the daily rows; raw events are pruned after a window, roll-ups are kept.
Nothing here is editable by staff: no admin form writes these tables.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from cchc.vietnamese.dates import date_range_text


class Kind(models.TextChoices):
    HOME = "home", "Trang chủ"
    SECTION = "section", "Chuyên mục CCHC"
    TOPIC = "topic", "Chủ đề"
    ARTICLE_INDEX = "article_index", "Danh sách tin, bài"
    ARTICLE = "article", "Tin, bài"
    GUIDE_INDEX = "guide_index", "Danh sách hướng dẫn"
    GUIDE = "guide", "Hướng dẫn dịch vụ công"
    DOCUMENT_INDEX = "document_index", "Danh sách văn bản"
    DOCUMENT = "document", "Văn bản chỉ đạo"
    MEDIA_INDEX = "media_index", "Đa phương tiện"
    MEDIA = "media", "Video, âm thanh"
    HOTLINE = "hotline", "Đường dây nóng"
    PROCEDURE_LIST = "procedure_list", "Danh sách thủ tục"
    PROCEDURE = "procedure", "Thủ tục hành chính"
    OTHER = "other", "Trang khác"


class Channel(models.TextChoices):
    ZALO = "zalo", "Zalo"
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"
    SEARCH = "search", "Google, công cụ tìm kiếm"
    DIRECT = "direct", "Truy cập trực tiếp"
    INTERNAL = "internal", "Từ trang khác của cổng"
    OTHER = "other", "Trang web khác"


class Device(models.TextChoices):
    MOBILE = "mobile", "Điện thoại"
    TABLET = "tablet", "Máy tính bảng"
    DESKTOP = "desktop", "Máy tính"


class ViewEvent(models.Model):
    """One public page view. Pseudonymous: `visitor` is a daily-salted hash, nothing else."""

    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    at = models.DateTimeField()
    day = models.DateField()  # local date (Asia/Ho_Chi_Minh) of `at`
    # No foreign key: the history of a page outlives the page.
    page_id = models.IntegerField(null=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_key = models.CharField(max_length=64, blank=True)  # e.g. a procedure's code
    in_section = models.BooleanField(default=False)
    topics = models.CharField(max_length=64, blank=True)  # topic ids, comma-separated
    channel = models.CharField(max_length=10, choices=Channel.choices)
    device = models.CharField(max_length=8, choices=Device.choices)
    visitor = models.CharField(max_length=16)  # 64-bit hex of the salted hash
    counted = models.BooleanField(default=True)  # False: a reload within the dedupe window
    # Views this row stands for: reloads arriving in the same write batch are folded into the
    # row before them (F5 held down, or a flood, becomes one row a second, not thousands).
    hits = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [
            models.Index(fields=["commune", "day", "in_section"], name="view_commune_day"),
            # Dedupe look-up: the same visitor on the same page shortly before.
            models.Index(fields=["visitor", "page_id", "object_key", "at"], name="view_dedupe"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.page_id or ''}"


class EngagementEvent(models.Model):
    """A beacon from a page: reading time and scroll depth, or a share; no cookie, no IP."""

    class Type(models.TextChoices):
        READ = "read", "Đọc"
        SHARE = "share", "Chia sẻ"

    commune = models.ForeignKey(
        "communes.Commune", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    at = models.DateTimeField()
    day = models.DateField()
    page_id = models.IntegerField()
    type = models.CharField(max_length=5, choices=Type.choices)
    seconds = models.PositiveIntegerField(default=0)  # clamped to 0..3600
    depth = models.PositiveSmallIntegerField(default=0)  # percent, 0..100
    share_to = models.CharField(max_length=10, blank=True)  # native, facebook, zalo, copy
    visitor = models.CharField(max_length=16)

    class Meta:
        indexes = [models.Index(fields=["commune", "day"], name="engagement_commune_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.type} {self.page_id}"


class Dimension(models.TextChoices):
    TOTAL = "total", "Tổng"  # keys: "site" (all public pages), "section" (the CCHC section)
    PAGE = "page", "Trang"  # key: page id
    OBJECT = "object", "Mục"  # key: "procedure:<code>"
    KIND = "kind", "Loại nội dung"
    TOPIC = "topic", "Chủ đề"  # key: topic id
    CHANNEL = "channel", "Kênh"
    DEVICE = "device", "Thiết bị"
    ENGAGED = "engaged", "Đọc kỹ"  # key: page id; visitors who read ≥ 30 s or scrolled ≥ 75 %
    SHARE = "share", "Chia sẻ"  # key: page id
    # key: "all" (searches) or "none" (searches that found nothing); what outlives the pruned
    # search log (cchc.search SearchQuery), so the totals of any period stay known.
    SEARCH = "search", "Tìm kiếm"


class DailyCount(models.Model):
    """Counted views and distinct visitors of one key on one day (recomputed, never edited).

    `raw` is every recorded view including reloads, kept so the report can say how many were
    left out. For ENGAGED and SHARE rows `views` is the number of beacons.
    """

    commune = models.ForeignKey("communes.Commune", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    dimension = models.CharField(max_length=8, choices=Dimension.choices)
    key = models.CharField(max_length=80)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    raw = models.PositiveIntegerField(default=0)
    # For page, engaged and share rows: the kind of the page (article, document …), so the
    # dashboard ranks "top articles" in the database instead of naming every page first.
    kind = models.CharField(max_length=16, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "dimension", "day", "key"], name="daily_count_unique"
            )
        ]
        # Covering: ranking a period's top items reads only this index, never the table.
        indexes = [
            models.Index(
                fields=["commune", "dimension", "day", "key", "kind", "views", "visitors"],
                name="daily_count_rank",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}:{self.key} = {self.views}"


class MonthlyCount(models.Model):
    """Sums of DailyCount per month (`visitors` is visitor-days: hashes change every day)."""

    commune = models.ForeignKey("communes.Commune", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    dimension = models.CharField(max_length=8, choices=Dimension.choices)
    key = models.CharField(max_length=80)
    views = models.PositiveIntegerField(default=0)
    visitors = models.PositiveIntegerField(default=0)
    raw = models.PositiveIntegerField(default=0)
    # For page, engaged and share rows: the kind of the page (article, document …), so the
    # dashboard ranks "top articles" in the database instead of naming every page first.
    kind = models.CharField(max_length=16, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "dimension", "month", "key"], name="monthly_count_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["commune", "dimension", "month", "key", "kind", "views", "visitors"],
                name="monthly_count_rank",
            ),
            # A month's most viewed/visited keys, read from the end of an index in a few rows:
            # the head lists that bound the dashboard's rankings (ranking.top_keys).
            models.Index(
                fields=["commune", "dimension", "month", "views", "key"], name="monthly_top_views"
            ),
            models.Index(
                fields=["commune", "dimension", "month", "kind", "views", "key"],
                name="monthly_top_kind_views",
            ),
            models.Index(
                fields=["commune", "dimension", "month", "kind", "visitors", "key"],
                name="monthly_top_kind_visitors",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.dimension}:{self.key} = {self.views}"


class RollupState(models.Model):
    """How far a commune's roll-ups are complete: every day ≤ `rolled_through` is final."""

    commune = models.OneToOneField(
        "communes.Commune", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    rolled_through = models.DateField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.commune_id}: {self.rolled_through}"


class DailySalt(models.Model):
    """The secret of one day for visitor hashes; deleted once the day is over."""

    day = models.DateField(primary_key=True)
    secret = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


def private_storage() -> FileSystemStorage:
    """Exports are evidence for staff, not public files: kept outside MEDIA_ROOT, which the
    web server publishes, and handed out only by the permission-checked download view."""
    return FileSystemStorage(location=settings.CCHC_PRIVATE_ROOT)


class ExportJob(models.Model):
    """An evidence export (CSV, XLSX, DOCX) and, at the same time, its audit record.

    Rows are never deleted by staff: who exported which figures of which period, and when.
    """

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"
        DOCX = "docx", "Báo cáo Word (DOCX)"

    class Status(models.TextChoices):
        PENDING = "pending", "Đang chờ"
        RUNNING = "running", "Đang tạo"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Lỗi"

    commune = models.ForeignKey("communes.Commune", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user_name = models.CharField(max_length=150)  # kept if the account is deleted
    format = models.CharField(max_length=4, choices=Format.choices)
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    message = models.CharField(max_length=300, blank=True)
    file = models.FileField(
        upload_to="analytics/exports/%Y/%m/", storage=private_storage, blank=True
    )
    sha256 = models.CharField(max_length=64, blank=True)  # of the file, for evidence
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "lần xuất số liệu"
        verbose_name_plural = "nhật ký xuất số liệu"

    def __str__(self) -> str:
        return f"{self.get_format_display()} {date_range_text(self.start, self.end, '–')}"


class LastSeen(models.Model):
    """When a visitor last viewed a page: how reloads are recognised. Pruned after an hour."""

    visitor = models.CharField(max_length=16)
    page_id = models.IntegerField()  # 0 when the view has no page
    object_key = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "page_id", "object_key"], name="last_seen_unique"
            )
        ]
        indexes = [models.Index(fields=["at"], name="last_seen_at")]

    def __str__(self) -> str:
        return f"{self.visitor} {self.page_id}"
