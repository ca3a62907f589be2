"""The daily reminders, as a background task the periodic runner enqueues once a day.

The task holds no logic (`reminders_send_due` does) and may run any number of times a day:
each unit gets each automatic reminder of a period once (a `ReminderSent` row per unit, period
and kind, under a unique constraint), so a restarted runner or two runners send nothing twice.
"""

from __future__ import annotations

import datetime

from django_tasks import task

from cchc.reports.services import reminders_send_due

EVERY = datetime.timedelta(days=1)


@task()
def reminders_task() -> dict[str, int]:
    return reminders_send_due()
