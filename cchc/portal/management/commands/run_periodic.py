"""`manage.py run_periodic`: enqueue the periodic background tasks (scheduled publishing, and
the jobs apps register with `cchc.portal.tasks.register_periodic`, e.g. daily report reminders).

Started by scripts/run.sh next to `manage.py db_worker`, which runs what this enqueues; one such
process per installation is enough (docs/operations.md).
"""

from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cchc.portal.tasks import PeriodicRunner, periodic_jobs, periodic_seconds


class Command(BaseCommand):
    help = "Đưa các tác vụ định kỳ (xuất bản, gỡ trang theo lịch hẹn) vào hàng đợi nền."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Số giây giữa hai lần (mặc định CCHC_PERIODIC_SECONDS, 30).",
        )
        parser.add_argument("--once", action="store_true", help="Chạy một lần rồi dừng.")

    def handle(self, *args: Any, **options: Any) -> None:
        runner = PeriodicRunner(
            interval=options["interval"] or periodic_seconds(), jobs=periodic_jobs()
        )
        if options["once"]:
            result = runner.tick()
            if result is not None and result.is_finished:
                self.stdout.write(str(result.return_value))
            return
        # Ctrl-C or the service manager's TERM: finish the round, then stop.
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: runner.stop.set())
        self.stdout.write(f"Tác vụ định kỳ: mỗi {runner.interval:g} giây.")
        runner.run()
