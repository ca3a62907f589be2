"""A command's refusal: one Vietnamese line on stderr and exit status 1 (no traceback)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Refused(Exception):
    """Raised inside `handle` with the line to print."""


class RefusingCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except Refused as exc:
            self.stderr.write(str(exc))
            raise SystemExit(1) from exc


def commune_or_refuse(value: str):
    from cchc.plans.selectors import commune_by_host_or_slug

    commune = commune_by_host_or_slug(value)
    if commune is None:
        raise Refused(f"Không có xã, phường «{value}».")
    return commune
