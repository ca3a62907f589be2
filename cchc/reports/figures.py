"""Figures a unit's report is pre-filled with, from what the platform already knows.

A small registry: each figure is a key, a Vietnamese label and a function of (commune, unit,
first day, last day) that returns a whole number, or None where the figure does not apply to
that unit (procedures for a unit that handles none). The functions read lower layers through
their selectors only (`cchc.reports.platform_figures` registers the built-in ones); a later app
registers its own (radio bulletins, feedback) from its `AppConfig.ready`, so this module
imports none of them.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from cchc.communes.models import Commune, Unit

log = logging.getLogger(__name__)

FigureFunction = Callable[[Commune, Unit, datetime.date, datetime.date], int | None]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    fn: FigureFunction


_FIGURES: dict[str, Figure] = {}


def register_figure(key: str, label: str, fn: FigureFunction) -> None:
    """Add a figure (registering a key again replaces it: reloading an app stays harmless)."""
    _FIGURES[key] = Figure(key, label, fn)


def registered_figures() -> list[Figure]:
    return list(_FIGURES.values())


def figures_for(
    commune: Commune, unit: Unit, start: datetime.date, end: datetime.date
) -> list[dict]:
    """[{key, label, value}] of every figure that applies to the unit over these days.

    One failing provider must not keep a unit from reporting: it is logged and left out.
    """
    values = []
    for figure in _FIGURES.values():
        try:
            value = figure.fn(commune, unit, start, end)
        except Exception:
            log.exception("reports: figure %s failed for unit %s", figure.key, unit.pk)
            continue
        if value is not None:
            values.append({"key": figure.key, "label": figure.label, "value": int(value)})
    return values
