from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "cchc.portal"
    label = "portal"
    verbose_name = "Trang thông tin điện tử"

    def ready(self) -> None:
        # Page-cache invalidation must run in every process that changes content (web, task
        # worker, management commands), not only where the middleware is loaded.
        from cchc.portal import invalidation

        invalidation.connect_signals()

        # Day-first dates with Vietnamese messages in every Wagtail form (issue 10, 0013).
        from cchc.formats.fields import register_admin_date_fields

        register_admin_date_fields()
