"""Signals of the procedures app, for the apps above it: search re-indexes (cchc.search.signals),
the page cache is invalidated (cchc.procedures.invalidation). Procedures import none of them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after a bulk import or a status change committed.
# kwargs: commune, procedure_ids (list[int]).
procedures_changed = Signal()
