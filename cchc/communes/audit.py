"""The audit log of staff actions on non-page data, readable per commune (decision 0012).

Wagtail's own log (`ModelLogEntry`, written by `wagtail.log_actions.log`) is the store, so every
entry also shows in Wagtail's object histories and its site-history report. What this module adds:

- the project's actions with Vietnamese labels (`register_actions`, called from the
  `register_log_actions` hook): procedures import and status changes, statistics exports and
  downloads, staff roles granted and revoked;
- `log_staff_action`, the one way the project writes an entry;
- the commune an entry belongs to, kept in `data["commune_id"]` (or `data["province_id"]` for a
  province officer's role) — for the project's entries and for the ones Wagtail's generic views
  write themselves (create, edit, delete of procedures, units, communes), through a `pre_save`
  receiver — so one commune's entries are found with a single filter, even after the object is
  deleted;
- the entries within a reader's reach (`audit_entries`; who reads: `communes.access.commune_reach`).
"""

from __future__ import annotations

from django.db.models import Model, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.log_actions import LogFormatter, log
from wagtail.models import ModelLogEntry

from cchc.communes.access import CommuneReach
from cchc.communes.models import Commune, Membership, Province, Unit

IMPORT = "cchc.procedures.import"
STATUS = "cchc.procedures.status"
EXPORT = "cchc.analytics.export"
DOWNLOAD = "cchc.analytics.download"
GRANT = "cchc.membership.grant"
REVOKE = "cchc.membership.revoke"

ACTION_LABELS: dict[str, str] = {
    IMPORT: "Nhập thủ tục hành chính",
    STATUS: "Đổi tình trạng thủ tục",
    EXPORT: "Xuất báo cáo thống kê",
    DOWNLOAD: "Tải tệp báo cáo thống kê",
    GRANT: "Phân quyền cán bộ",
    REVOKE: "Thu hồi quyền cán bộ",
}
# Wagtail's own actions on the same data, labelled here so the log reads the same whatever the
# admin language's catalogue holds.
WAGTAIL_LABELS: dict[str, str] = {
    "wagtail.create": "Tạo mới",
    "wagtail.edit": "Sửa",
    "wagtail.delete": "Xóa",
}


def action_label(action: str) -> str:
    from wagtail.log_actions import registry

    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if action in WAGTAIL_LABELS:
        return WAGTAIL_LABELS[action]
    return str(registry.get_action_label(action)) if registry.action_exists(action) else action


def describe(entry: ModelLogEntry) -> str:
    """A one-line Vietnamese summary of what the entry's data says."""
    data = entry.data or {}
    if entry.action == IMPORT:
        return (
            f"Tệp «{data.get('filename', '')}»: {data.get('created', 0)} thủ tục mới, "
            f"{data.get('changed', 0)} thủ tục được cập nhật, "
            f"{data.get('unchanged', 0)} không đổi, {data.get('skipped', 0)} bỏ qua, "
            f"{data.get('errors', 0)} dòng lỗi."
        )
    if entry.action == STATUS:
        text = f"{data.get('before_label', '')} → {data.get('after_label', '')}"
        if data.get("effective_on"):
            text += f", hiệu lực từ {data['effective_on']}"
        if data.get("decision"):
            text += f", theo {data['decision']}"
        return text
    if entry.action in (EXPORT, DOWNLOAD):
        return f"{data.get('format', '').upper()}, từ {data.get('start')} đến {data.get('end')}"
    if entry.action in (GRANT, REVOKE):
        return f"{data.get('user', '')}: {data.get('role_label', '')}"
    return ""


class _Formatter(LogFormatter):
    def format_message(self, log_entry) -> str:
        return describe(log_entry) or self.message


def register_actions(actions) -> None:
    """Called from the `register_log_actions` hook (cchc.communes.wagtail_hooks)."""
    for action, label in ACTION_LABELS.items():
        actions.register_action(action)(
            type("AuditFormatter", (_Formatter,), {"label": label, "message": label})
        )


# --- Which commune an entry belongs to ----------------------------------------------------------


def scope_of(instance: Model) -> dict[str, int | None]:
    """{"commune_id": …} for commune data, {"province_id": …} for a province's own data."""
    if isinstance(instance, Commune):
        return {"commune_id": instance.pk}
    if isinstance(instance, Province):
        return {"province_id": instance.pk}
    commune_id = getattr(instance, "commune_id", None)
    if commune_id is not None:
        return {"commune_id": commune_id}
    province_id = getattr(instance, "province_id", None)
    if province_id is not None:
        return {"province_id": province_id}
    return {}


def log_staff_action(
    *,
    user,
    instance: Model,
    action: str,
    commune: Commune | None = None,
    data: dict | None = None,
    title: str | None = None,
) -> ModelLogEntry:
    """Write one entry of Wagtail's audit log, with the commune it belongs to in its data.

    `user` is None for actions run from the command line (shown as the system).
    """
    scope = {"commune_id": commune.pk} if commune is not None else scope_of(instance)
    extra = {"title": title} if title else {}
    return log(
        instance=instance,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        data={**(data or {}), **scope},
        **extra,
    )


# Models whose entries Wagtail's generic views write get their commune added: tenancy's own,
# and those the apps above register from their AppConfig.ready() (procedures, statistics
# exports), so this module names none of them.
_SCOPED_MODELS: set[type[Model]] = {Commune, Province, Unit, Membership}


def scope_entries_of(*models: type[Model]) -> None:
    """Have Wagtail's own log entries of these models (each with a `commune` or `province`)
    carry their commune, so the commune's readers of the log find them."""
    _SCOPED_MODELS.update(models)


@receiver(pre_save, sender=ModelLogEntry)
def _entry_gets_its_commune(sender, instance: ModelLogEntry, raw: bool = False, **kwargs) -> None:
    """Wagtail's generic views log create/edit/delete without saying whose data it was."""
    data = instance.data if isinstance(instance.data, dict) else {}
    if raw or not instance._state.adding or "commune_id" in data or "province_id" in data:
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is None or model not in _SCOPED_MODELS:
        return
    obj = model._default_manager.filter(pk=instance.object_id).first()
    if obj is None:
        return
    instance.data = {**data, **scope_of(obj)}


# --- Which entries a reader sees --------------------------------------------------------------

# Who reads: the commune's keepers (coordinators and leaders answer for their commune) and the
# province's officers (Sở Nội vụ), `commune_reach(user, write=True)`. Editors do not: the log
# names colleagues.


def audit_entries(reach: CommuneReach):
    """The entries of Wagtail's log within this reach, newest first."""
    qs = ModelLogEntry.objects.select_related("user", "content_type")
    if reach.everything:
        scoped = Q(data__has_key="commune_id") | Q(data__has_key="province_id")
    else:
        scoped = Q(data__commune_id__in=sorted(reach.commune_ids)) | Q(
            data__province_id__in=sorted(reach.province_ids)
        )
    return qs.filter(scoped).order_by("-timestamp", "-pk")
