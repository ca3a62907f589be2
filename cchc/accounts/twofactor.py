"""Two-factor sign-in rules (TOTP app + one-time recovery codes) on django-otp (decision 0010).

Who must use a second factor: with CCHC_2FA_REQUIRED on (the default outside the demo),
administrators (superusers), coordinators, leaders and province officers. Editors may enrol; once
anyone has a confirmed device, that device is asked for at every sign-in, whatever the setting.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.communes.models import Membership

# Roles that publish, approve or read several units' or communes' data: a stolen password of
# theirs does the most harm.
REQUIRED_ROLES = frozenset(
    {
        Membership.Role.COORDINATOR,
        Membership.Role.LEADER,
        Membership.Role.PROVINCE_OFFICER,
    }
)
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã dự phòng"


def required_for(user) -> bool:
    """Whether the user must enrol a device (a user who has one is asked for it regardless)."""
    if not getattr(settings, "CCHC_2FA_REQUIRED", True) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=REQUIRED_ROLES).exists()


def has_device(user) -> bool:
    """A confirmed authenticator app. Recovery codes alone do not count: they belong to one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled: the same key on every reload of the page, so a
    code scanned a moment ago still matches."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def enrolment_confirm(user, token: str) -> TOTPDevice | None:
    """Confirm the device being enrolled with a code the app shows; None if it does not match."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if device is None or not device.verify_token(normalise(token)):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device


def recovery_codes_generate(user) -> list[str]:
    """Ten new one-time codes replacing any earlier ones; shown once, then only usable."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def devices_remove(user) -> int:
    """Forget the user's app and recovery codes (a lost phone); they enrol again if required."""
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += StaticDevice.objects.filter(user=user).delete()[0]
    return removed


def normalise(token: str) -> str:
    """What people type: spaces and dashes between groups, upper-case recovery codes."""
    return "".join(ch for ch in str(token) if ch not in " -\t").lower()[:32]


@dataclass(frozen=True)
class Verification:
    device: Device | None
    # Seconds to wait before another try, once a device refuses after repeated wrong codes.
    wait_seconds: int = 0


def verify(user, token: str) -> Verification:
    """Check a code against the user's app (digits) or recovery codes (letters and digits).

    Only the matching kind of device is tried, so a mistyped app code does not count as a
    failed attempt against the recovery codes (django-otp throttles each device on failures).
    A recovery code is deleted when it is used.
    """
    token = normalise(token)
    if not token:
        return Verification(None)
    model = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            allowed, extra = device.verify_is_allowed()
            if not allowed:
                if (extra or {}).get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
                    return Verification(None, wait_seconds=_wait_seconds(extra))
                return Verification(None, wait_seconds=1)
            if device.verify_token(token):
                return Verification(device)
    return Verification(None)


def _wait_seconds(extra: dict) -> int:
    until = extra.get("locked_until")
    if until is None:
        return 1
    return max(1, int((until - timezone.now()).total_seconds()) + 1)
