from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reporting periods and deadlines, units' periodic reports, reminders (issue 12 item 3)."""

    name = "cchc.reports"
    label = "reports"
    verbose_name = "Báo cáo định kỳ"

    def ready(self) -> None:
        from cchc.portal.tasks import PeriodicJob, register_periodic
        from cchc.reports import platform_figures
        from cchc.reports.tasks import EVERY, reminders_task

        platform_figures.register()
        register_periodic(PeriodicJob("reports.reminders", reminders_task, EVERY))
