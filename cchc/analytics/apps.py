from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "cchc.analytics"
    label = "analytics"
    verbose_name = "Thống kê truy cập"

    def ready(self) -> None:
        # The search log records who searched as our daily visitor hash (to list a query only
        # once several visitors typed it); search sits below analytics and must not import it.
        from cchc.analytics.visitors import request_visitor
        from cchc.search import services as search_services

        search_services.set_visitor_source(request_visitor)
