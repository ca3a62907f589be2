"""Read-side helpers for procedures: always scoped to one commune."""

from __future__ import annotations

import unicodedata

from django.db.models import F, QuerySet

from cchc.procedures.models import Procedure, ProcedureStatus, ProcedureStatusChange


def procedures_for(commune, field: str | None = None, status: str | None = None) -> QuerySet:
    """The commune's procedures, abolished ones included (they are shown marked as abolished)."""
    qs = Procedure.objects.filter(commune=commune)
    if field:
        qs = qs.filter(field=field)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("field", "name", "code")


def recently_changed(commune, limit: int = 6) -> QuerySet:
    """Latest status decisions (new, amended, replaced, abolished) of the commune's procedures.

    Ordered by the date the decision takes effect, then by when it was recorded; undated
    decisions come last so a dated decision is never pushed out by a backfilled one.
    """
    return (
        ProcedureStatusChange.objects.filter(procedure__commune=commune)
        .select_related("procedure")
        .order_by(F("effective_on").desc(nulls_last=True), "-recorded_at", "-id")[:limit]
    )


# Marks that make a different letter (ă, â, ê, ô, ơ, ư) sort at the first level; tone marks only
# break ties, in the traditional order: ngang, huyền, hỏi, ngã, sắc, nặng.
_LETTER_MARKS = {"\u0306": "1", "\u0302": "2", "\u031b": "3"}
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def vietnamese_sort_key(text: str) -> tuple[str, str, str]:
    """Dictionary order for Vietnamese: a < ă < â < b … d < đ, tones only break ties."""
    primary: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", text.casefold()):
        if ch in _LETTER_MARKS and primary:
            primary[-1] = primary[-1][:-1] + _LETTER_MARKS[ch]
        elif ch in _TONE_MARKS:
            tones.append(_TONE_MARKS[ch])
        elif unicodedata.combining(ch):
            continue
        elif ch == "đ":
            primary.append("d9")
        else:
            primary.append(ch + "0")
            tones.append("0")
    return "".join(primary), "".join(tones), text


def fields_for(commune) -> list[str]:
    """The fields (lĩnh vực) the commune has procedures in, in Vietnamese alphabetical order."""
    names = (
        Procedure.objects.filter(commune=commune)
        .order_by()
        .values_list("field", flat=True)
        .distinct()
    )
    return sorted(names, key=vietnamese_sort_key)


def status_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in ProcedureStatus.choices]
