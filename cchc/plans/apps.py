from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = "Kế hoạch tuyên truyền"

    def ready(self) -> None:
        from cchc.communes.audit import scope_entries_of
        from cchc.plans import portal_evidence
        from cchc.plans.models import CommunicationPlan

        portal_evidence.register()  # the first evidence kind: portal pages linked to an item
        scope_entries_of(CommunicationPlan)  # the audit log finds each plan's commune
