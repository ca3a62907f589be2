"""The demo's plan: xã Quyết Thắng's 2026 plan from seed 001, with progress from demo articles."""

from __future__ import annotations

import datetime

import pytest

from cchc.demo import content
from cchc.demo.plans import demo_plan
from cchc.demo.services import _articles, _units
from cchc.plans.models import CommunicationPlan
from cchc.plans.selectors import plan_progress
from cchc.portal.provisioning import commune_create

pytestmark = pytest.mark.django_db


def test_quyet_thang_gets_the_seed_plan_with_progress_and_a_late_item():
    spec = next(d.spec for d in content.COMMUNES if d.spec.slug == "quyet-thang")
    commune = commune_create(spec=spec, hostname="quyet-thang.localhost")
    _units(commune)
    _articles(commune)
    plan = demo_plan(commune, report=lambda _: None)
    assert plan.year == 2026 and plan.signer_name == "Mai Đàm Thanh Vân"
    assert plan.aims.startswith("Tập trung chú trọng")
    assert "Kế hoạch số 08/KH-UBND ngày 14/01/2026" in plan.basis
    progress = plan_progress(plan, today=datetime.date(2026, 6, 1))
    rows = {row.item.position: row for row in progress.items}
    assert len(rows) == 4
    assert rows[1].item.lead_unit.name == "Phòng Văn hóa - Xã hội"
    assert rows[2].item.lead_unit.name == "Trung tâm Dịch vụ sự nghiệp công"
    assert (rows[1].done, rows[1].target, rows[1].late) == (2, 3, True)
    assert (rows[2].done, rows[2].target, rows[2].late) == (1, 4, False)
    assert rows[4].late  # the conference of Q1: no evidence kind records it yet
    # Loading again changes nothing; other communes get no plan.
    assert demo_plan(commune, report=lambda _: None) == plan
    assert CommunicationPlan.objects.count() == 1
