"""Page-tree queries that SQLite can answer from the index on path.

Wagtail's descendant_of()/child_of()/get_children() filter with `path LIKE 'prefix%'`. SQLite's
LIKE ignores case, so it cannot use the unique index on path and scans every page of every
commune. Tree paths use only 0-9 and A-Z, so the range (path, path + "~") selects exactly the
same pages through the index, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import Substr
from wagtail.models import Page


def descendants(queryset: QuerySet, page: Page) -> QuerySet:
    """As queryset.descendant_of(page)."""
    return queryset.filter(path__gt=page.path, path__lt=page.path + "~")


def children(queryset: QuerySet, page: Page) -> QuerySet:
    """As queryset.child_of(page)."""
    return descendants(queryset, page).filter(depth=page.depth + 1)


def newest_first(queryset: QuerySet, page: Page, *, children_only: bool = False) -> QuerySet:
    """Pages under `page`, newest first, for "latest news" blocks and news lists.

    With the path range above, SQLite gathers every page of the subtree and sorts them all by
    date (12 ms at 10,000 articles). Comparing a substring of the path instead cannot use the
    path index, so the planner walks the index on first_published_at and stops after the few
    rows a page shows (under 2 ms). PostgreSQL plans both forms well.
    """
    queryset = queryset.alias(_tree_prefix=Substr("path", 1, len(page.path))).filter(
        _tree_prefix=page.path
    )
    if children_only:
        queryset = queryset.filter(depth=page.depth + 1)
    else:
        queryset = queryset.filter(depth__gt=page.depth)
    return queryset.order_by("-first_published_at", "-id")
