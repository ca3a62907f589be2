"""The demo's commune report: xã Quyết Thắng (the commune of the demo plan) gets its own
coordinator, `dieuphoi-qt`, and two units' Q3 2026 reports, so that coordinator can draft the
commune's Q3 2026 report from the plan, the visits and the units' submissions."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from cchc.communes.models import Commune, Membership, Unit
from cchc.communes.services import membership_grant
from cchc.demo import content
from cchc.demo.plans import PLAN_COMMUNE
from cchc.demo.reports import demo_reports

COORDINATOR = "dieuphoi-qt"


def demo_commune_report(commune: Commune) -> None:
    """Idempotent: the user, the membership and the units' reports are made once."""
    if commune.slug != PLAN_COMMUNE:
        return
    user, created = get_user_model().objects.get_or_create(
        username=COORDINATOR,
        defaults={"first_name": "Điều phối Quyết Thắng", "email": f"{COORDINATOR}@example.gov.vn"},
    )
    if created:
        user.set_password(content.DEMO_PASSWORD)
        user.save()
    office = Unit.objects.filter(commune=commune, kind=Unit.Kind.COORDINATING).first()
    membership_grant(user=user, commune=commune, role=Membership.Role.COORDINATOR, unit=office)
    demo_reports(commune)
