from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data drawn from the five seed letters and the national procedure catalogue."""

    name = "cchc.demo"
    label = "demo"
    verbose_name = "Dữ liệu minh họa"
