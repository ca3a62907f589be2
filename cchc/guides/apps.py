from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "cchc.guides"
    label = "guides"
    verbose_name = "Hướng dẫn cán bộ"
