"""Personas of the periodic reports: two units and the coordinator of commune A, the
coordinator of commune B, A's province officer; the clock fixed inside Q3 2026."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from cchc.communes.models import Commune, Membership, Unit
from cchc.communes.services import membership_grant

TODAY = dt.date(2026, 9, 2)  # Q3 2026 is open, due Friday 4/9


def staff(username: str, role: str, commune=None, unit=None, province=None):
    user = get_user_model().objects.create_user(
        username, password="x", email=f"{username}@example.gov.vn", first_name=username
    )
    membership_grant(user=user, role=role, commune=commune, unit=unit, province=province)
    return user


@dataclass
class People:
    a: Commune
    b: Commune
    coordinating: Unit
    school: Unit
    village: Unit
    unit_b: Unit
    school_editor: object
    village_editor: object
    coordinator: object
    coordinator_b: object
    province_officer: object
    editor_b: object


@pytest.fixture
def today(monkeypatch):
    """The clock of the views, the services and the daily task, fixed at TODAY."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def people(commune_a, commune_b) -> People:
    coordinating = Unit.objects.create(
        commune=commune_a, name="Phòng Văn hóa - Xã hội", kind="coordinating"
    )
    school = Unit.objects.create(commune=commune_a, name="Trường Tiểu học", kind="school")
    village = Unit.objects.create(commune=commune_a, name="Thôn 1", kind="village")
    unit_b = Unit.objects.create(commune=commune_b, name="Văn phòng phường", kind="office")
    role = Membership.Role
    return People(
        a=commune_a,
        b=commune_b,
        coordinating=coordinating,
        school=school,
        village=village,
        unit_b=unit_b,
        school_editor=staff("truong", role.EDITOR, commune_a, school),
        village_editor=staff("thon1", role.EDITOR, commune_a, village),
        coordinator=staff("dieuphoi", role.COORDINATOR, commune_a, coordinating),
        coordinator_b=staff("dieuphoi-b", role.COORDINATOR, commune_b),
        province_officer=staff("so-noi-vu", role.PROVINCE_OFFICER, province=commune_a.province),
        editor_b=staff("bientap-b", role.EDITOR, commune_b, unit_b),
    )
