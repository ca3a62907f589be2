"""The demo's Q3 2026 reports: one unit on time, one late, the others missing (late)."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.communes.models import Unit
from cchc.demo import content
from cchc.demo.reports import demo_reports
from cchc.reports.models import UnitReport
from cchc.reports.selectors import period_for, unit_statuses

pytestmark = pytest.mark.django_db


def test_the_demo_commune_has_one_unit_on_time_one_late_and_the_rest_late(commune_a):
    for name, kind in content.UNITS:
        Unit.objects.create(commune=commune_a, name=name, kind=kind)
    demo_reports(commune_a)
    demo_reports(commune_a)  # idempotent
    assert UnitReport.objects.count() == 2
    period = period_for(commune_a, 2026, "q3")
    states = {s.unit.name: s.state for s in unit_statuses(commune_a, period, dt.date(2026, 12, 2))}
    assert states["Trung tâm Dịch vụ sự nghiệp công"] == "on_time"
    assert states["Thôn 1"] == "submitted_late"
    assert states["Trung tâm Phục vụ hành chính công"] == "late"
    assert "Phòng Văn hóa - Xã hội" not in states
    on_time = UnitReport.objects.get(unit__name="Trung tâm Dịch vụ sự nghiệp công")
    assert on_time.submitted_at.date() == dt.date(2026, 9, 3)
