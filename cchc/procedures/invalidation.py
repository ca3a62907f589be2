"""Procedures bump their commune's page-cache generation when they change.

Connected from ProceduresConfig.ready(), in every process that changes procedures (web, task
worker, management commands).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from cchc.pages.cache import invalidate_all, invalidate_communes


def connect_signals() -> None:
    """The receivers are closures: connected with weak=False."""
    from cchc.procedures.models import Procedure, ProcedureStatusChange
    from cchc.procedures.signals import procedures_changed

    def on_procedure(sender: Any, instance: Procedure, **kwargs: Any) -> None:
        invalidate_communes([instance.commune_id])

    def on_status_change(sender: Any, instance: ProcedureStatusChange, **kwargs: Any) -> None:
        commune_id = (
            Procedure.objects.filter(id=instance.procedure_id)
            .values_list("commune_id", flat=True)
            .first()
        )
        invalidate_communes([commune_id] if commune_id else [])

    def on_bulk(sender: Any, commune: Any = None, **kwargs: Any) -> None:
        if commune is None:
            invalidate_all()
        else:
            invalidate_communes([getattr(commune, "id", commune)])

    for signal in (post_save, post_delete):
        signal.connect(on_procedure, sender=Procedure, dispatch_uid="cchc_pc_procedure", weak=False)
        signal.connect(
            on_status_change, sender=ProcedureStatusChange, dispatch_uid="cchc_pc_psc", weak=False
        )
    procedures_changed.connect(on_bulk, dispatch_uid="cchc_pc_procedures_changed", weak=False)
