from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "cchc.procedures"
    label = "procedures"
    verbose_name = "Thủ tục hành chính"

    def ready(self) -> None:
        # Page-cache invalidation in every process that changes procedures (web, task worker,
        # management commands), not only where the middleware is loaded.
        from cchc.communes.audit import scope_entries_of
        from cchc.procedures import invalidation
        from cchc.procedures.models import Procedure

        invalidation.connect_signals()
        scope_entries_of(Procedure)  # the audit log finds each procedure's commune
