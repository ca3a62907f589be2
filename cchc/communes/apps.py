from django.apps import AppConfig


class CommunesConfig(AppConfig):
    name = "cchc.communes"
    label = "communes"
    verbose_name = "Xã, phường và đơn vị"

    def ready(self) -> None:
        # audit: its receiver files Wagtail's own log entries under their commune (issue 9).
        from cchc.communes import audit, signals  # noqa: F401
