from __future__ import annotations

from django_tasks import task

from cchc.analytics.services import rollup_all


@task()
def rollup_task() -> dict[str, int]:
    """Roll up every commune (idempotent) and prune; scheduled by the recorder's thread."""
    return rollup_all()
