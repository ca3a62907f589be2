"""Status decisions (new, amended, replaced, abolished) and the read-side selectors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cchc.procedures.models import Procedure, ProcedureStatus
from cchc.procedures.selectors import fields_for, procedures_for, recently_changed
from cchc.procedures.services import procedure_change_status, procedures_import
from cchc.procedures.tests.conftest import as_json


@pytest.fixture
def catalogue(commune_a, three_records) -> dict[str, Procedure]:
    procedures_import(commune=commune_a, data=as_json(three_records), filename="a.json")
    return {p.code: p for p in Procedure.objects.filter(commune=commune_a)}


def test_a_status_change_is_recorded_in_history_and_becomes_current(catalogue):
    birth = catalogue["1.001193"]

    procedure_change_status(
        procedure=birth,
        status=ProcedureStatus.AMENDED,
        effective_on=dt.date(2025, 7, 1),
        decision="1872/QĐ-BTP",
        note="Rút ngắn thời hạn",
    )
    procedure_change_status(
        procedure=birth,
        status=ProcedureStatus.ABOLISHED,
        effective_on=dt.date(2025, 10, 1),
        decision="2001/QĐ-UBND",
    )

    birth.refresh_from_db()
    assert birth.status == ProcedureStatus.ABOLISHED
    assert birth.status_effective_on == dt.date(2025, 10, 1)
    assert birth.status_decision == "2001/QĐ-UBND"
    history = list(birth.history.values_list("status", "effective_on"))
    assert history == [
        ("abolished", dt.date(2025, 10, 1)),
        ("amended", dt.date(2025, 7, 1)),
    ]


def test_an_abolished_procedure_stays_in_the_public_catalogue(commune_a, catalogue):
    procedure_change_status(
        procedure=catalogue["1.001193"],
        status=ProcedureStatus.ABOLISHED,
        effective_on=dt.date(2025, 7, 1),
        decision="12/QĐ-UBND",
    )

    assert procedures_for(commune_a).count() == 3
    assert list(procedures_for(commune_a, status="abolished").values_list("code", flat=True)) == [
        "1.001193"
    ]


def test_a_decision_recorded_late_goes_into_history_without_overriding_the_current(catalogue):
    p = catalogue["1.001193"]
    procedure_change_status(
        procedure=p, status="abolished", effective_on=dt.date(2025, 10, 1), decision="B"
    )

    procedure_change_status(
        procedure=p, status="amended", effective_on=dt.date(2025, 3, 1), decision="A"
    )

    p.refresh_from_db()
    assert p.status == "abolished"
    assert p.history.count() == 2


def test_replacing_needs_the_replacing_code_and_bad_input_changes_nothing(catalogue):
    p = catalogue["1.001193"]

    with pytest.raises(ValidationError) as missing:
        procedure_change_status(procedure=p, status="replaced", effective_on=None, decision="")
    with pytest.raises(ValidationError):
        procedure_change_status(procedure=p, status="paused", effective_on=None, decision="")

    assert "mã thủ tục thay thế" in str(missing.value)
    p.refresh_from_db()
    assert p.status == "current"
    assert p.history.count() == 0
    procedure_change_status(
        procedure=p, status="replaced", effective_on=None, decision="", replaced_by="1.000894"
    )
    assert p.history.get().replaced_by == "1.000894"


def test_recently_changed_orders_by_effective_date_then_recording_time(commune_a, catalogue):
    procedure_change_status(
        procedure=catalogue["1.001193"], status="new", effective_on=dt.date(2025, 1, 1), decision=""
    )
    procedure_change_status(
        procedure=catalogue["2.000794"],
        status="amended",
        effective_on=dt.date(2025, 9, 1),
        decision="",
    )
    procedure_change_status(
        procedure=catalogue["1.000894"], status="new", effective_on=dt.date(2025, 1, 1), decision=""
    )
    procedure_change_status(
        procedure=catalogue["1.000894"], status="amended", effective_on=None, decision=""
    )

    codes = [c.procedure.code for c in recently_changed(commune_a)]

    assert codes == ["2.000794", "1.000894", "1.001193", "1.000894"]
    assert len(recently_changed(commune_a, limit=2)) == 2


def test_recently_changed_and_fields_are_scoped_to_the_commune(commune_a, commune_b, catalogue):
    procedure_change_status(
        procedure=catalogue["1.001193"], status="new", effective_on=None, decision=""
    )

    assert list(recently_changed(commune_b)) == []
    assert fields_for(commune_b) == []
    assert fields_for(commune_a) == ["Chứng thực", "Hộ tịch"]


def test_fields_are_in_vietnamese_alphabetical_order(commune_a):
    rows = [
        {"ma_thu_tuc": f"1.00000{i}", "ten_thu_tuc": "X", "linh_vuc": f}
        for i, f in enumerate(["Đất đai", "Dân tộc", "Xây dựng", "An toàn", "Ẩm thực"])
    ]
    procedures_import(commune=commune_a, data=as_json(rows), filename="a.json")

    assert fields_for(commune_a) == ["An toàn", "Ẩm thực", "Dân tộc", "Đất đai", "Xây dựng"]
