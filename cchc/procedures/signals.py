"""Signals other apps (search, analytics) listen to; procedures never import them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after a bulk import or a status change committed.
# kwargs: commune, procedure_ids (list[int]).
procedures_changed = Signal()
