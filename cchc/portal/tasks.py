"""Scheduled publishing that happens: due pages go live, expired ones go offline, within a minute.

Wagtail only records a schedule (a revision's `approved_go_live_at`, a page's `expire_at`); its
`publish_scheduled` management command carries it out. Nothing ran it, so a scheduled page
stayed "ĐÃ HẸN GIỜ" for ever. Here:

- `publish_scheduled_task` — a django-tasks task that runs Wagtail's own command (the same logic
  cron would run), in the background worker; publishing sends Wagtail's signals, so the page
  cache of the commune is invalidated (cchc.portal.cache) in whichever process publishes.
- `PeriodicRunner` — the small loop behind `manage.py run_periodic`, started by scripts/run.sh
  next to `db_worker`: every `CCHC_PERIODIC_SECONDS` it enqueues the task, unless the previous
  one is still waiting (a stopped worker must not find a pile of identical tasks).

At scale either keep one `run_periodic` process (it enqueues onto whatever backend TASKS names,
RQ included), or let cron run `manage.py publish_scheduled` every minute (docs/operations.md;
decision 0013).
"""

from __future__ import annotations

import datetime
import io
import logging
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task, TaskResult
from wagtail.models import Page, Revision

log = logging.getLogger(__name__)

# Two runs must not publish the same revision twice (cron and the worker, or a slow run and the
# next one): the later one skips. The lock expires by itself should a run die holding it.
LOCK_KEY = "cchc:portal:publish-scheduled"
LOCK_SECONDS = 300


def publish_due() -> dict[str, int]:
    """Publish every revision whose go-live has passed and unpublish what has expired.

    Returns how many pages were due of each kind ("skipped": another run holds the lock).
    """
    if not cache.add(LOCK_KEY, 1, LOCK_SECONDS):
        return {"published": 0, "unpublished": 0, "skipped": 1}
    try:
        now = timezone.now()
        due = Revision.objects.filter(approved_go_live_at__lt=now).count()
        expired = Page.objects.filter(live=True, expire_at__lt=now).count()
        # Wagtail's own logic, exactly what `manage.py publish_scheduled` does from cron (it also
        # covers snippets with a draft state). A handful of indexed queries when nothing is due.
        call_command("publish_scheduled", stdout=io.StringIO())
        if due or expired:
            log.info("scheduled publishing: %d published, %d unpublished", due, expired)
        return {"published": due, "unpublished": expired, "skipped": 0}
    finally:
        cache.delete(LOCK_KEY)


@task()
def publish_scheduled_task() -> dict[str, int]:
    """The background worker's share of scheduled publishing (enqueued by PeriodicRunner)."""
    return publish_due()


def periodic_seconds() -> float:
    return float(getattr(settings, "CCHC_PERIODIC_SECONDS", 30))


@dataclass(frozen=True)
class PeriodicJob:
    """A task an app above asks the runner to enqueue every `every` (e.g. the reports' daily
    reminders). The task itself must be idempotent: a restarted runner enqueues it again."""

    name: str
    task: Task
    every: datetime.timedelta


_JOBS: dict[str, PeriodicJob] = {}


def register_periodic(job: PeriodicJob) -> None:
    """Called from an app's `ready()`; `manage.py run_periodic` enqueues every registered job."""
    _JOBS[job.name] = job


def periodic_jobs() -> list[PeriodicJob]:
    return list(_JOBS.values())


@dataclass
class PeriodicRunner:
    """Enqueue the periodic tasks every `interval` seconds until `stop` is set.

    A task still waiting from the previous round is not enqueued again, unless it has waited
    longer than `stale_after` (a worker killed in the middle leaves it "running" for ever).
    """

    interval: float = field(default_factory=periodic_seconds)
    stale_after: datetime.timedelta = datetime.timedelta(minutes=10)
    stop: threading.Event = field(default_factory=threading.Event)
    _pending: TaskResult | None = field(default=None, init=False, repr=False)
    # Registered jobs (`periodic_jobs()`), enqueued once per their interval; none by default.
    jobs: list[PeriodicJob] = field(default_factory=list)
    _last_enqueued: dict[str, datetime.datetime] = field(
        default_factory=dict, init=False, repr=False
    )

    def tick(self) -> TaskResult | None:
        """One round: the enqueued task's result, or None when the previous one still waits."""
        self.enqueue_due_jobs()
        if self._still_waiting():
            return None
        self._pending = publish_scheduled_task.enqueue()
        return self._pending

    def enqueue_due_jobs(self) -> list[TaskResult]:
        now = timezone.now()
        enqueued = []
        for job in self.jobs:
            last = self._last_enqueued.get(job.name)
            if last is None or now - last >= job.every:
                self._last_enqueued[job.name] = now
                enqueued.append(job.task.enqueue())
        return enqueued

    def run(self) -> None:
        while not self.stop.is_set():
            close_old_connections()  # a long-lived loop: never keep a dead connection
            try:
                self.tick()
            except Exception:
                # The database or the queue is unavailable for a moment: try again next round.
                log.exception("periodic tasks: enqueueing failed")
            self.stop.wait(self.interval)
        connections.close_all()  # this thread's own connections (the loop may run in a thread)

    def _still_waiting(self) -> bool:
        pending = self._pending
        if pending is None:
            return False
        if not pending.is_finished:
            try:
                pending.refresh()
            except Exception:  # pruned, or a backend that cannot look results up
                return False
        if pending.is_finished:
            return False
        return timezone.now() - pending.enqueued_at < self.stale_after
