"""Demo periodic reports: in the first demo commune, the public-service centre sent its Q3 2026
report on time, Thôn 1 sent it late, and the other units never did (late on the status table)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cchc.communes.models import Commune, Unit
from cchc.reports.figures import figures_for
from cchc.reports.models import UnitReport
from cchc.reports.selectors import period_for

VIETNAM = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")

SUBMISSIONS = [
    (
        "Trung tâm Dịch vụ sự nghiệp công",
        dt.datetime(2026, 9, 3, 9, 30, tzinfo=VIETNAM),
        "Quý III/2026, Trung tâm đăng 12 tin, bài về cải cách hành chính trên Trang thông tin "
        "điện tử xã, phát 24 buổi tuyên truyền trên hệ thống truyền thanh cơ sở; duy trì chuyên "
        "mục «Cải cách hành chính» và cập nhật kịp thời thủ tục hành chính mới, sửa đổi.\n"
        "Khó khăn: thiếu cộng tác viên ở các thôn. Đề xuất: tập huấn viết tin cho cộng tác viên.",
    ),
    (
        "Thôn 1",
        dt.datetime(2026, 9, 8, 15, 0, tzinfo=VIETNAM),
        "Thôn tổ chức 2 buổi họp dân lồng ghép tuyên truyền dịch vụ công trực tuyến, thanh toán "
        "không dùng tiền mặt; phát 150 tờ rơi hướng dẫn cài đặt VNeID.",
    ),
]


def demo_reports(commune: Commune) -> None:
    """Idempotent: a unit that has a Q3 2026 report keeps it."""
    period = period_for(commune, 2026, "q3")
    if period is None:
        return
    for unit_name, at, text in SUBMISSIONS:
        unit = Unit.objects.filter(commune=commune, name=unit_name).first()
        if unit is None or UnitReport.objects.filter(unit=unit, year=2026, period="q3").exists():
            continue
        submitted = timezone.localtime(at)
        report = UnitReport.objects.create(
            commune=commune,
            unit=unit,
            year=2026,
            period="q3",
            text=text,
            figures=figures_for(commune, unit, period.start, period.end),
            due_on=period.due,
            late=submitted.date() > period.due,
            submitted_by_name="Cán bộ " + unit_name,
        )
        # auto_now_add stamps the loading time: keep the date the demo tells.
        UnitReport.objects.filter(pk=report.pk).update(submitted_at=submitted)
