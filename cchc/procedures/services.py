"""Business rules for administrative procedures: importing a catalogue, recording status changes.

The import is all-or-nothing by default: a commune officer uploading a spreadsheet with one bad row
must not end up with half a catalogue published. Every row is validated first and every problem is
reported in Vietnamese with its row number, so the officer can fix the file and upload it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst

from cchc.communes import audit
from cchc.procedures.models import Procedure, ProcedureStatus, ProcedureStatusChange
from cchc.procedures.reading import ImportFileError, _BrokenLine, _read_records
from cchc.procedures.signals import procedures_changed
from cchc.procedures.structure import SECTIONS, STRUCTURE_VERSION, parse_procedure
from cchc.procedures.validation import (
    CODE_RE,
    IMPORT_FIELDS,
    _label,
    _record_to_values,
    _validate,
    normalize_text,
)
from cchc.vietnamese.dates import date_text


@dataclass(frozen=True)
class RowError:
    """One problem in one row: `row` is the record's number (CSV: line number in the file)."""

    row: int
    code: str | None
    field: str | None
    message: str

    @property
    def field_label(self) -> str:
        """The field as the officer knows it ("Mã thủ tục"), never the model's name ("code")."""
        return capfirst(_label(self.field)) if self.field else ""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    unchanged: int = 0  # among `updated`: procedures whose stored values were already the same
    procedure_ids: list[int] = field(default_factory=list)

    @property
    def file_error(self) -> str | None:
        """The message when the whole file was rejected (not readable), else None."""
        if len(self.errors) == 1 and self.errors[0].row == 0:
            return self.errors[0].message
        return None

    def summary(self) -> str:
        """A one-paragraph Vietnamese summary for the command line and the admin."""
        if self.file_error:
            return f"Không nhập được tệp: {self.file_error}"
        parts = [
            f"thêm mới {self.created}",
            f"cập nhật {self.updated}"
            + (f" (trong đó {self.unchanged} không thay đổi)" if self.unchanged else ""),
            f"bỏ qua {self.skipped} theo lĩnh vực loại trừ",
        ]
        if self.errors:
            parts.append(f"{len(self.errors)} lỗi")
        head = "Đã nhập thủ tục hành chính" if self.applied else "Chưa nhập thủ tục nào"
        tail = ""
        if self.errors and not self.applied:
            tail = " Tệp có dòng lỗi nên không có thay đổi nào được lưu; hãy sửa các dòng lỗi."
        elif self.errors:
            tail = " Các dòng lỗi đã được bỏ qua."
        return f"{head}: {', '.join(parts)}.{tail}"


# ---------------------------------------------------------------------------------------------
# The import
# ---------------------------------------------------------------------------------------------


def _fold(value: str) -> str:
    return normalize_text(value).casefold()


def procedures_import(
    *,
    commune,
    data: bytes,
    filename: str,
    partial: bool = False,
    exclude_fields: Collection[str] = (),
    user=None,
) -> ImportResult:
    """Validate every record of the file, then upsert the valid ones by (commune, code).

    Any invalid row blocks the whole import unless `partial` is set, in which case the valid rows
    are stored and the invalid ones reported. Records of an excluded field (e.g. "Hải quan") are
    counted as skipped. Only the columns present in the file are written to existing procedures,
    so a short list (code, name, field) never wipes the steps imported from the full export.
    An import that stores anything is written to the commune's audit log, as done by `user`
    (None from the command line).
    """
    result = ImportResult()
    excluded = {_fold(f) for f in exclude_fields}
    try:
        rows = _collect_rows(_read_records(data, filename), excluded, result)
    except ImportFileError as exc:
        result.errors = [RowError(row=0, code=None, field=None, message=str(exc))]
        return result
    if not rows and not result.errors and not result.skipped:
        result.errors = [RowError(0, None, None, "Tệp không có thủ tục nào.")]
        return result
    if result.errors and not partial:
        return result
    if rows:
        with transaction.atomic():
            _apply(commune, rows, result)
            _log_import(user, commune, filename, partial, result)
    result.applied = bool(rows)
    return result


def _log_import(user, commune, filename: str, partial: bool, result: ImportResult) -> None:
    audit.log_staff_action(
        user=user,
        instance=commune,
        action=audit.IMPORT,
        title=f"Danh mục thủ tục hành chính — {commune.full_name}",
        data={
            "filename": filename[:200],
            "partial": partial,
            "created": result.created,
            "changed": result.updated - result.unchanged,
            "unchanged": result.unchanged,
            "skipped": result.skipped,
            "errors": len(result.errors),
        },
    )


def _collect_rows(
    records: Iterable[tuple[int, Any]], excluded: set[str], result: ImportResult
) -> list[tuple[int, dict[str, Any]]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for number, record in records:
        if isinstance(record, _BrokenLine):
            result.errors.append(RowError(number, None, None, "Dòng này không phải JSON hợp lệ."))
            continue
        if not isinstance(record, dict):
            result.errors.append(
                RowError(number, None, None, "Mỗi thủ tục phải là một đối tượng JSON ({…}).")
            )
            continue
        values, problems = _record_to_values(record)
        code = values.get("code") or None
        if values.get("field") and _fold(values["field"]) in excluded:
            result.skipped += 1
            continue
        if record.get("__extra_cells__"):
            problems.append((None, "Dòng có nhiều ô hơn dòng tiêu đề (thừa dấu phân cách?)."))
        # A field already reported as the wrong type is not reported again as missing.
        typed = {f for f, _ in problems}
        problems += [(f, m) for f, m in _validate(values) if f is None or f not in typed]
        if code and code in seen and not any(f == "code" for f, _ in problems):
            problems.append(("code", f"Mã thủ tục {code} trùng với dòng {seen[code]} trong tệp."))
        elif code:
            seen.setdefault(code, number)
        for field_name, message in problems:
            result.errors.append(RowError(number, code, field_name, message))
        if not problems:
            rows.append((number, values))
    return rows


def _apply(commune, rows: list[tuple[int, dict[str, Any]]], result: ImportResult) -> None:
    now = timezone.now()
    with transaction.atomic():
        # The whole catalogue of the commune (a few hundred rows) rather than `code IN (…)`:
        # no bound-parameter limits however long the file is.
        existing = {
            p.code: p for p in Procedure.objects.select_for_update().filter(commune=commune)
        }
        to_create: list[Procedure] = []
        to_update: list[tuple[Procedure, set[str]]] = []
        status_rows: list[tuple[str, dict[str, Any]]] = []
        for _, values in rows:
            plain = {k: v for k, v in values.items() if k in IMPORT_FIELDS}
            if values.get("status"):
                status_rows.append((values["code"], values))
            procedure = existing.get(values["code"])
            if procedure is None:
                procedure = Procedure(commune=commune, **plain)
                procedure.structure = procedure_structure(procedure)
                to_create.append(procedure)
                continue
            result.updated += 1
            diff = {k for k, v in plain.items() if getattr(procedure, k) != v}
            for k in diff:
                setattr(procedure, k, plain[k])
            if diff & SECTIONS.keys() or _structure_outdated(procedure):
                structure = procedure_structure(procedure)
                if structure != procedure.structure:
                    procedure.structure = structure
                    diff.add("structure")
            # The structure is derived: refreshing it alone is not a change of the procedure.
            if not diff - {"structure"}:
                result.unchanged += 1
            if not diff:
                continue
            to_update.append((procedure, diff))
        Procedure.objects.bulk_create(to_create, batch_size=200)
        # One UPDATE per changed procedure with only its changed columns: much faster than
        # bulk_update's CASE expressions over ~20 long text columns, and re-imports mostly
        # change nothing at all.
        for procedure, diff in to_update:
            Procedure.objects.filter(pk=procedure.pk).update(
                updated_at=now, **{k: getattr(procedure, k) for k in diff}
            )
        result.created = len(to_create)
        created_codes = {p.code for p in to_create}
        ids_by_code = dict(Procedure.objects.filter(commune=commune).values_list("code", "id"))
        touched = {ids_by_code[c] for c in created_codes} | {p.id for p, _ in to_update}
        touched |= _apply_status_columns(commune, status_rows)
        result.procedure_ids = sorted(touched)
        ids = list(result.procedure_ids)
        if ids:
            transaction.on_commit(
                lambda: procedures_changed.send(
                    sender=Procedure, commune=commune, procedure_ids=ids
                )
            )


def procedure_structure(procedure: Procedure) -> dict:
    """The tables and lists parsed from a procedure's raw texts (stored in `structure`)."""
    return parse_procedure({name: getattr(procedure, name) for name in SECTIONS})


def _structure_outdated(procedure: Procedure) -> bool:
    return (procedure.structure or {}).get("version") != STRUCTURE_VERSION


def _apply_status_columns(commune, status_rows: list[tuple[str, dict[str, Any]]]) -> set[int]:
    """Status columns in a file are status decisions: recorded in the history when they differ."""
    touched: set[int] = set()
    if not status_rows:
        return touched
    wanted = {code for code, _ in status_rows}
    # Full rows: post_save receivers (search index) read the other fields too.
    procedures = {p.code: p for p in Procedure.objects.filter(commune=commune) if p.code in wanted}
    for code, values in status_rows:
        procedure = procedures[code]
        effective_on = values.get("status_effective_on")
        decision = values.get("status_decision", "")
        if procedure.status == values["status"] and procedure.status_effective_on == effective_on:
            continue
        if procedure.status == values["status"] and effective_on is None:
            continue
        _record_status(
            procedure=procedure,
            status=values["status"],
            effective_on=effective_on,
            decision=decision,
            note="Cập nhật từ tệp nhập thủ tục.",
            replaced_by="",
        )
        touched.add(procedure.id)
    return touched


# ---------------------------------------------------------------------------------------------
# Status changes
# ---------------------------------------------------------------------------------------------


def _record_status(
    *,
    procedure: Procedure,
    status: str,
    effective_on: dt.date | None,
    decision: str,
    note: str,
    replaced_by: str,
) -> ProcedureStatusChange:
    change = ProcedureStatusChange.objects.create(
        procedure=procedure,
        status=status,
        effective_on=effective_on,
        decision=decision,
        note=note,
        replaced_by=replaced_by,
    )
    # A decision recorded late (dated before the current one) goes into the history without
    # overriding the procedure's present status.
    current = procedure.status_effective_on
    if current is None or effective_on is None or effective_on >= current:
        procedure.status = status
        procedure.status_effective_on = effective_on
        procedure.status_decision = decision
        procedure.save(
            update_fields=["status", "status_effective_on", "status_decision", "updated_at"]
        )
    return change


def procedure_change_status(
    *,
    procedure: Procedure,
    status: str,
    effective_on: dt.date | None,
    decision: str,
    note: str = "",
    replaced_by: str = "",
    user=None,
) -> ProcedureStatusChange:
    """Record a dated status decision and make it the procedure's current status.

    Written to the commune's audit log as done by `user` (None from the command line).

    Abolished procedures are not deleted: citizens still look them up, and the public page says
    they are abolished and since when. Raises ValidationError (Vietnamese) for bad input.
    """
    errors: dict[str, str] = {}
    if status not in ProcedureStatus.values:
        errors["status"] = f"Tình trạng «{status}» không hợp lệ."
    if effective_on is not None and not isinstance(effective_on, dt.date):
        errors["effective_on"] = "Ngày hiệu lực không hợp lệ."
    decision = normalize_text(decision or "")
    if len(decision) > 200:
        errors["decision"] = "Số quyết định dài quá 200 ký tự."
    replaced_by = normalize_text(replaced_by or "")
    if replaced_by and not CODE_RE.match(replaced_by):
        errors["replaced_by"] = f"Mã thủ tục thay thế «{replaced_by}» không đúng định dạng."
    if status == ProcedureStatus.REPLACED and not replaced_by:
        errors["replaced_by"] = "Thủ tục bị thay thế cần ghi mã thủ tục thay thế."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
        before = locked.status
        change = _record_status(
            procedure=locked,
            status=status,
            effective_on=effective_on,
            decision=decision,
            note=(note or "").strip(),
            replaced_by=replaced_by,
        )
        _log_status(user, locked, change, before)
        commune, ids = locked.commune, [locked.pk]
        transaction.on_commit(
            lambda: procedures_changed.send(sender=Procedure, commune=commune, procedure_ids=ids)
        )
    for name in ("status", "status_effective_on", "status_decision", "updated_at"):
        setattr(procedure, name, getattr(locked, name))
    return change


def _log_status(user, procedure: Procedure, change: ProcedureStatusChange, before: str) -> None:
    audit.log_staff_action(
        user=user,
        instance=procedure,
        action=audit.STATUS,
        data={
            "before": before,
            "before_label": ProcedureStatus(before).label,
            "after": change.status,
            "after_label": change.get_status_display(),
            "effective_on": date_text(change.effective_on),
            "decision": change.decision,
            "replaced_by": change.replaced_by,
        },
    )


# ---------------------------------------------------------------------------------------------
# Re-parsing stored texts
# ---------------------------------------------------------------------------------------------


@dataclass
class ReparseReport:
    total: int = 0
    updated: int = 0
    records_with_fallback: int = 0
    fallbacks: list[str] = field(default_factory=list)  # one entry per section kept as raw text


def procedures_reparse(*, commune) -> ReparseReport:
    """Parse the commune's procedures again: all of them are saved or none (one transaction)."""
    report = ReparseReport()
    changed: list[int] = []
    with transaction.atomic():
        procedures = Procedure.objects.select_for_update().filter(commune=commune)
        for procedure in procedures.only("id", "structure", *SECTIONS):
            report.total += 1
            structure = procedure_structure(procedure)
            if structure["fallback"]:
                report.records_with_fallback += 1
                report.fallbacks += structure["fallback"]
            if structure != procedure.structure:
                # updated_at stays: the procedure's content did not change, only its reading.
                Procedure.objects.filter(pk=procedure.pk).update(structure=structure)
                changed.append(procedure.pk)
        report.updated = len(changed)
        if changed:
            transaction.on_commit(
                lambda: procedures_changed.send(
                    sender=Procedure, commune=commune, procedure_ids=changed
                )
            )
    return report
