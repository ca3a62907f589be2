"""The evidence contract: another app's kind counts toward items; the plan page's queries."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.communes.models import Membership, Unit
from cchc.communes.services import membership_grant
from cchc.plans import evidence
from cchc.plans.evidence import Product, register_evidence_kind
from cchc.plans.importing import plan_import
from cchc.plans.models import PlanItem
from cchc.plans.selectors import plan_progress
from cchc.plans.tests.annex_files import UNITS, docx_bytes


@pytest.fixture
def plan(commune_a):
    for name, kind in UNITS:
        Unit.objects.create(commune=commune_a, name=name, kind=kind)
    return plan_import(commune=commune_a, data=docx_bytes()).plan


@pytest.fixture
def radio_kind():
    """A sibling app's kind (radio bulletins), registered as it would from its ready()."""
    calls = []

    def bulletins(items):
        calls.append(len(items))
        radio = [i for i in items if i.channel == "radio"]
        return {
            i.pk: [Product("radio", f"Bản tin {n}", datetime.date(2026, n, 5)) for n in (1, 2, 3)]
            for i in radio
        }

    register_evidence_kind("radio_test", "Tin, bài phát thanh", bulletins)
    yield calls
    evidence._KINDS.pop("radio_test", None)


@pytest.mark.django_db
def test_a_registered_kind_counts_toward_its_items_with_one_call_per_plan(plan, radio_kind):
    progress = plan_progress(plan, today=datetime.date(2026, 6, 1))
    radio = next(row for row in progress.items if row.item.channel == "radio")
    assert radio.done == 3 and radio.products[0].title == "Bản tin 3"  # newest first
    assert radio_kind == [4]  # all four items at once
    assert "portal_page" in [kind.kind for kind in evidence.evidence_kinds()]


@pytest.mark.django_db
def test_the_plan_page_costs_the_same_queries_for_4_or_40_items(client, commune_a, plan):
    user = get_user_model().objects.create_user("dieu-phoi", password="x")
    membership_grant(user=user, role=Membership.Role.COORDINATOR, commune=commune_a)
    client.force_login(user)
    url = reverse("plans:detail", args=[plan.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, HTTP_HOST="duc-tho.localhost").status_code == 200
        return len(captured)

    client.get(url, HTTP_HOST="duc-tho.localhost")  # warm the per-process caches
    few = queries()
    for n in range(36):
        item = PlanItem.objects.create(plan=plan, position=5 + n, content=f"Nhiệm vụ {n}",
                                       period_text="Tháng 6", months=1 << 5)  # fmt: skip
        item.coordinating_units.set(Unit.objects.filter(commune=commune_a))
    assert queries() == few
