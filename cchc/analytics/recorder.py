"""Buffered writing of view events: one batch insert about every second per process.

Why a buffer: a database write per page view would cost more than serving a cached page.
Views are appended to an in-process list (microseconds) and a daemon thread writes the list
in one transaction every CCHC_ANALYTICS_FLUSH_SECONDS. A crash of the process loses at most
that interval; a batch is written in one transaction, so it is either stored once or not at
all, never twice. CCHC_ANALYTICS_FLUSH_SECONDS = 0 writes synchronously (tests, scripts).

Reloads are recognised while writing: inside the transaction (serialised between processes by
SQLite's write lock or, on PostgreSQL, an advisory lock) the last time each visitor saw each
page is read from `LastSeen` and updated, so two workers never both count the same reload.
"""

from __future__ import annotations

import atexit
import datetime
import functools
import logging
import os
import threading
import time
import zoneinfo
from typing import NamedTuple, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cchc.analytics.models import LastSeen

log = logging.getLogger(__name__)

# Any fixed number: the advisory lock that serialises batch writes on PostgreSQL.
_PG_LOCK = 0x43434843


class PendingView(NamedTuple):
    """A view waiting in the buffer. A tuple of plain values: the garbage collector stops
    tracking it, so a full buffer does not make every collection walk thousands of objects
    (a slotted dataclass cost ~100 µs a request under load in the benchmark)."""

    commune_id: int
    at: datetime.datetime
    day: datetime.date
    page_id: int | None
    kind: str
    object_key: str
    in_section: bool
    topics: str
    channel: str
    device: str
    visitor: str


def dedupe_window() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "CCHC_ANALYTICS_DEDUPE_MINUTES", 30)))


# Literal SQL (tables and columns are ours); the same syntax on SQLite ≥ 3.24 and PostgreSQL.
_INSERT_VIEWS = (
    "INSERT INTO analytics_viewevent (commune_id, at, day, page_id, kind, object_key, "
    "in_section, topics, channel, device, visitor, counted, hits) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
_UPSERT_LAST_SEEN = (
    "INSERT INTO analytics_lastseen (visitor, page_id, object_key, at) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (visitor, page_id, object_key) DO UPDATE SET at = excluded.at"
)


def adapt_dt(value: datetime.datetime):  # type: ignore[no-untyped-def]
    if connection.vendor == "sqlite":
        # What Django's adapter produces (naive UTC text, USE_TZ), at a fifth of the cost.
        return str(value.astimezone(datetime.UTC).replace(tzinfo=None))
    return connection.ops.adapt_datetimefield_value(value)


def adapt_date(value: datetime.date):  # type: ignore[no-untyped-def]
    return connection.ops.adapt_datefield_value(value)


def write_batch(views: list[PendingView]) -> int:
    """Store views in one transaction, marking reloads as not counted. Returns how many views."""
    if not views:
        return 0
    views = sorted(views, key=lambda v: v.at)
    window = dedupe_window()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK])
        visitors = {v.visitor for v in views}
        last: dict[tuple[str, int, str], datetime.datetime] = {}
        for chunk in _chunks(sorted(visitors), 500):
            for visitor, page_id, object_key, at in LastSeen.objects.filter(
                visitor__in=chunk
            ).values_list("visitor", "page_id", "object_key", "at"):
                last[(visitor, page_id, object_key)] = at
        rows: list[list] = []
        open_row: dict[tuple[str, int, str], list] = {}  # key → its last row in this batch
        for v in views:
            key = (v.visitor, v.page_id or 0, v.object_key)
            previous = last.get(key)
            # abs(): another process may have stored a slightly later view of the same page first.
            counted = previous is None or abs(v.at - previous) >= window
            last[key] = max(v.at, previous) if previous else v.at
            if not counted and key in open_row:
                open_row[key][-1] += 1  # a reload: one more hit of the row before it
                continue
            row = [
                v.commune_id,
                adapt_dt(v.at),
                adapt_date(v.day),
                v.page_id,
                v.kind,
                v.object_key,
                v.in_section,
                v.topics,
                v.channel,
                v.device,
                v.visitor,
                counted,
                1,
            ]
            rows.append(row)
            open_row[key] = row
        touched = {(v.visitor, v.page_id or 0, v.object_key) for v in views}
        with connection.cursor() as cursor:
            # Plain executemany: the ORM's bulk_create spends most of its time preparing each
            # field of each row, which would halve the events written per second.
            cursor.executemany(_INSERT_VIEWS, rows)
            cursor.executemany(
                _UPSERT_LAST_SEEN, [(k[0], k[1], k[2], adapt_dt(last[k])) for k in touched]
            )
    return len(views)


def _chunks(items: list[str], size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


class ViewSink(Protocol):
    def add(self, view: PendingView) -> None: ...


class Deferred(Protocol):
    """A view not judged yet (cchc.analytics.middleware.Seen): judged when flushed."""

    def judge(self) -> PendingView | None: ...


def judged(batch: list[PendingView | Deferred]) -> list[PendingView]:
    """The batch's views, deferred ones judged; those judged not to be a person's dropped."""
    views = []
    for item in batch:
        view = item if isinstance(item, PendingView) else item.judge()
        if view is not None:
            views.append(view)
    return views


class Recorder:
    """The per-process buffer and its flushing thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buffer: list[PendingView | Deferred] = []
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._next_rollup = 0.0

    @property
    def interval(self) -> float:
        return float(getattr(settings, "CCHC_ANALYTICS_FLUSH_SECONDS", 1.0))

    def add(self, view: PendingView | Deferred) -> None:
        if self.interval <= 0:
            write_batch(judged([view]))
            return
        with self._lock:
            if self._pid != os.getpid():  # forked after the thread started: start afresh
                self._pid, self._buffer, self._thread = os.getpid(), [], None
            self._buffer.append(view)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="cchc-analytics", daemon=True
                )
                self._thread.start()

    def flush(self) -> int:
        with self._lock:
            batch, self._buffer = self._buffer, []
        try:
            return write_batch(judged(batch))
        except Exception:
            # The database was unavailable (locked too long, restarting; judging may read the
            # day's salt): keep the views for the next attempt instead of losing them; nothing
            # of this batch was written.
            log.exception("analytics: writing %d views failed, will retry", len(batch))
            with self._lock:
                self._buffer[:0] = batch[-100_000:]
            return 0

    def _run(self) -> None:
        from django.db import close_old_connections

        while True:
            time.sleep(self.interval)
            close_old_connections()
            self.flush()
            self._maybe_schedule_rollup()

    def _maybe_schedule_rollup(self) -> None:
        every = float(getattr(settings, "CCHC_ANALYTICS_ROLLUP_SECONDS", 300))
        now = time.monotonic()
        if every <= 0 or now < self._next_rollup:
            return
        self._next_rollup = now + every
        try:
            from django.core.cache import cache

            from cchc.analytics.tasks import rollup_task

            # One enqueue per interval across all processes.
            if cache.add("cchc:analytics:rollup-scheduled", 1, int(every)):
                rollup_task.enqueue()
        except Exception:
            log.exception("analytics: scheduling the roll-up failed")


recorder = Recorder()
atexit.register(recorder.flush)


@functools.cache
def local_zone() -> zoneinfo.ZoneInfo:
    # The site's zone (Asia/Ho_Chi_Minh): days are Vietnamese days, whatever the request's
    # active time zone; also cheaper than timezone.localdate()'s thread-local look-up.
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def now_local() -> tuple[datetime.datetime, datetime.date]:
    now = timezone.now()
    return now, now.astimezone(local_zone()).date()
