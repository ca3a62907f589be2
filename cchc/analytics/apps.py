from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "cchc.analytics"
    label = "analytics"
    verbose_name = "Thống kê truy cập"

    def ready(self) -> None:
        # The search log records who searched as our daily visitor hash (to list a query only
        # once several visitors typed it); search sits below analytics and must not import it.
        from cchc.analytics.visitors import request_visitor
        from cchc.search import querylog

        querylog.set_visitor_source(request_visitor)

        from cchc.analytics.models import ExportJob
        from cchc.communes.audit import scope_entries_of

        scope_entries_of(ExportJob)  # the audit log finds each export's commune
