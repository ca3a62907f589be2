"""Read-side helpers for procedures: always scoped to one commune."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet

from cchc.procedures.models import Procedure, ProcedureStatus, ProcedureStatusChange
from cchc.vietnamese.order import sort_key


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


def catalogue_paths(commune_ids: Iterable[int]) -> dict[int, str]:
    """Each commune's procedure catalogue page, as a path from its site root
    ("/cai-cach-hanh-chinh/thu-tuc-hanh-chinh/"); a procedure's page is that path plus its
    code. Communes without a catalogue page are left out."""
    from cchc.communes.models import Commune
    from cchc.pagetree import descendants
    from cchc.procedures.models import ProcedureIndexPage

    paths: dict[int, str] = {}
    communes = Commune.objects.filter(id__in=set(commune_ids), root_page__isnull=False)
    for commune in communes.select_related("root_page"):
        root = commune.root_page
        url_path = (
            descendants(ProcedureIndexPage.objects.all(), root)
            .order_by("path")
            .values_list("url_path", flat=True)
            .first()
        )
        if url_path:
            paths[commune.id] = "/" + url_path[len(root.url_path or "/") :]
    return paths


def fields_for(commune) -> list[str]:
    """The fields (lĩnh vực) the commune has procedures in, in Vietnamese alphabetical order."""
    names = (
        Procedure.objects.filter(commune=commune)
        .order_by()
        .values_list("field", flat=True)
        .distinct()
    )
    return sorted(names, key=sort_key)


def status_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in ProcedureStatus.choices]


def status_changes_between(commune, start, end) -> QuerySet:
    """Status decisions (new, amended, replaced, abolished) of the commune's procedures taking
    effect from `start` to `end`, both included: a one-stop centre's figure for a period."""
    return ProcedureStatusChange.objects.filter(
        procedure__commune=commune, effective_on__range=(start, end)
    )
