from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "cchc.analytics"
    label = "analytics"
    verbose_name = "Thống kê truy cập"
