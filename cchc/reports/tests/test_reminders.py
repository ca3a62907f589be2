"""Reminders: the daily task, run by the periodic runner, sends each reminder once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from cchc.portal.tasks import PeriodicRunner, periodic_jobs
from cchc.reports.models import ReminderSent
from cchc.reports.services import ReportRefused, reminders_send_manual, report_submit

pytestmark = pytest.mark.django_db


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_runner_sends_the_due_soon_reminders_once(people, today):
    report_submit(
        commune=people.a,
        unit=people.school,
        year=2026,
        kind="q3",
        text="x",
        user=people.school_editor,
    )
    runner = PeriodicRunner(interval=0, jobs=periodic_jobs())
    runner.tick()

    # The units that have not reported, in both communes; the coordinating unit compiles the
    # reports, it does not send one, and the school has reported.
    assert recipients() == ["bientap-b@example.gov.vn", "thon1@example.gov.vn"]
    message = next(m for m in mail.outbox if m.to == ["thon1@example.gov.vn"])
    assert "Quý III/2026" in message.subject and "04/09/2026" in message.subject
    assert "/quan-tri/bao-cao-dinh-ky/gui/" in message.body

    runner.tick()  # the same runner: not due again before a day has passed
    PeriodicRunner(interval=0, jobs=periodic_jobs()).tick()  # a restarted runner: the task runs
    call_command("run_periodic", "--once")  # and the command, twice
    call_command("run_periodic", "--once")
    assert len(mail.outbox) == 2
    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {"due_soon"}


def test_the_overdue_reminder_follows_once_after_the_deadline(people, monkeypatch, today):
    from django.utils import timezone

    call_command("run_periodic", "--once")
    assert len(mail.outbox) == 3  # school, village and B's office: due soon
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 9, 7))
    call_command("run_periodic", "--once")
    call_command("run_periodic", "--once")
    overdue = [m for m in mail.outbox if "Quá hạn" in m.subject]
    assert len(overdue) == 3 and len(mail.outbox) == 6
    # After the period closes nobody is reminded any more.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 9, 21))
    call_command("run_periodic", "--once")
    assert len(mail.outbox) == 6


def test_nothing_is_sent_outside_the_reminder_window(people, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 8, 20))
    call_command("run_periodic", "--once")
    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_the_coordinators_reminder_goes_once_a_day(people, today):
    done, skipped = reminders_send_manual(
        commune=people.a, year=2026, kind="q3", user=people.coordinator
    )
    assert (done, skipped) == (2, 0)
    assert reminders_send_manual(
        commune=people.a, year=2026, kind="q3", user=people.coordinator
    ) == (0, 2)
    assert len(mail.outbox) == 2
    with pytest.raises(ReportRefused) as closed:
        reminders_send_manual(
            commune=people.a,
            year=2026,
            kind="q3",
            user=people.coordinator,
            today=dt.date(2026, 9, 30),
        )
    assert closed.value.code == "not_remindable"


def test_a_failing_mail_is_tried_again_the_next_run(people, today, settings, monkeypatch):
    import cchc.reports.services as services

    def broken(*args, **kwargs):
        raise OSError("máy chủ thư không trả lời")

    monkeypatch.setattr(services, "send_mail", broken)
    assert services.reminders_send_due()["failed"] == 3
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 9, 2))
    services.reminders_send_due()
    assert len(mail.outbox) == 3
