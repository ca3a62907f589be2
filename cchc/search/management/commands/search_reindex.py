"""Rebuild the search index of every commune (or of the communes given by slug)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from cchc.communes.models import Commune
from cchc.search.indexing import reindex_commune


class Command(BaseCommand):
    help = "Xây dựng lại chỉ mục tìm kiếm của các xã, phường (mặc định: tất cả)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", help="tên miền con của xã, phường (slug)")

    def handle(self, *args, slugs: list[str], **options) -> None:
        communes = Commune.objects.select_related("root_page").order_by("id")
        if slugs:
            communes = communes.filter(slug__in=slugs)
            missing = set(slugs) - set(communes.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"Không có xã, phường: {', '.join(sorted(missing))}")
        for commune in communes:
            started = time.monotonic()
            count = reindex_commune(commune)
            self.stdout.write(
                f"{commune.full_name}: {count} mục, {time.monotonic() - started:.1f} giây"
            )
