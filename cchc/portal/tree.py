"""Page-tree queries that SQLite can answer from the index on path.

Wagtail's descendant_of()/child_of()/get_children() filter with `path LIKE 'prefix%'`. SQLite's
LIKE ignores case, so it cannot use the unique index on path and scans every page of every
commune. Tree paths use only 0-9 and A-Z, so the range (path, path + "~") selects exactly the
same pages through the index, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Page


def descendants(queryset: QuerySet, page: Page) -> QuerySet:
    """As queryset.descendant_of(page)."""
    return queryset.filter(path__gt=page.path, path__lt=page.path + "~")


def children(queryset: QuerySet, page: Page) -> QuerySet:
    """As queryset.child_of(page)."""
    return descendants(queryset, page).filter(depth=page.depth + 1)
