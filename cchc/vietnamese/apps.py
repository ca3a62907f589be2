from django.apps import AppConfig


class VietnameseConfig(AppConfig):
    """Pure text functions for Vietnamese; the package itself imports nothing from Django."""

    name = "cchc.vietnamese"
    label = "vietnamese"
    verbose_name = "Tiếng Việt"
