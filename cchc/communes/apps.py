from django.apps import AppConfig


class CommunesConfig(AppConfig):
    name = "cchc.communes"
    label = "communes"
    verbose_name = "Xã, phường và đơn vị"

    def ready(self) -> None:
        from cchc.communes import signals  # noqa: F401
