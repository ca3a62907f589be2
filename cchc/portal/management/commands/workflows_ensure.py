"""Bring every commune's groups, permissions and approval workflow up to date (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cchc.communes.groups import groups_ensure
from cchc.communes.models import Commune
from cchc.portal.provisioning import workflow_ensure


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật nhóm quyền và quy trình duyệt tin bài của mọi xã, phường."

    def handle(self, *args, **options) -> None:
        count = 0
        for commune in Commune.objects.exclude(root_page=None).select_related("root_page"):
            groups_ensure(commune=commune)
            workflow = workflow_ensure(commune=commune)
            self.stdout.write(f"{commune.full_name}: {workflow.name}")
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Đã cập nhật {count} xã, phường."))
