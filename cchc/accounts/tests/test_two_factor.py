"""Two-factor sign-in: who is asked, enrolment with a TOTP app, the code prompt, recovery codes."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from cchc.accounts import twofactor
from cchc.accounts.tests.conftest import PASSWORD

PAGES = "/quan-tri/pages/"
VERIFY = "/quan-tri/xac-thuc/"
ENROL = "/quan-tri/xac-thuc/dang-ky/"
RESET = "/quan-tri/xac-thuc/dat-lai/"

pytestmark = pytest.mark.django_db
required = override_settings(CCHC_2FA_REQUIRED=True)


def code_now(device: TOTPDevice) -> str:
    """What the phone shows now."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def lands_on(client, path: str) -> str:
    """The path a browser ends up on (Wagtail sends /quan-tri/pages/ on to the user's root)."""
    response = client.get(path, follow=True)
    assert response.status_code == 200
    return response.request["PATH_INFO"]


def refused(response) -> bool:
    """Wagtail's answer to PermissionDenied in the back office: home, with a message."""
    return response.status_code == 302 and response["Location"] == "/quan-tri/"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)


@required
def test_a_coordinator_without_a_device_is_sent_to_enrolment_and_then_let_through(client_a, staff):
    coordinator = staff("dieuphoi1", "coordinator")
    # Through the real sign-in form: the password alone is the first factor.
    client_a.post("/quan-tri/login/", {"username": "dieuphoi1", "password": PASSWORD})

    response = client_a.get(PAGES)
    assert response.status_code == 302
    assert (
        response["Location"].startswith(ENROL) and "next=/quan-tri/pages/" in response["Location"]
    )
    assert client_a.get("/quan-tri/").status_code == 302, "no back-office page before enrolment"

    page = client_a.get(ENROL)
    assert page.status_code == 200
    assert "<svg" in page.content.decode(), "the QR code to scan"
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)

    wrong = client_a.post(ENROL, {"code": "000000" if code_now(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Mã không khớp" in wrong.content.decode()
    assert client_a.get(PAGES).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    done = client_a.post(ENROL, {"code": code_now(device), "next": PAGES})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10, "ten recovery codes, shown once"
    assert twofactor.recovery_codes_left(coordinator) == 10
    assert lands_on(client_a, PAGES).startswith(PAGES)


@required
def test_a_coordinator_with_a_device_must_give_the_code(client_a, staff):
    coordinator = staff("dieuphoi1", "coordinator")
    device = enrolled(coordinator)
    client_a.force_login(coordinator)

    response = client_a.get(PAGES)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=/quan-tri/pages/"
    prompt = client_a.get(response["Location"])
    assert prompt.status_code == 200 and "Nhập mã xác thực" in prompt.content.decode()

    wrong = "000000" if code_now(device) != "000000" else "111111"
    rejected = client_a.post(VERIFY, {"code": wrong, "next": PAGES})
    assert rejected.status_code == 200 and "Mã không đúng" in rejected.content.decode()
    assert client_a.get(PAGES).status_code == 302

    device.refresh_from_db()
    device.throttle_reset()
    accepted = client_a.post(VERIFY, {"code": code_now(device), "next": PAGES})
    assert accepted.status_code == 302 and accepted["Location"] == PAGES
    assert lands_on(client_a, PAGES).startswith(PAGES)


@required
def test_repeated_wrong_codes_are_slowed_down(client_a, staff):
    coordinator = staff("dieuphoi1", "coordinator")
    device = enrolled(coordinator)
    client_a.force_login(coordinator)
    wrong = "000000" if code_now(device) != "000000" else "111111"
    client_a.post(VERIFY, {"code": wrong})

    # Even the right code is refused while the device waits out the failure.
    response = client_a.post(VERIFY, {"code": code_now(device)})
    assert "Đã nhập sai nhiều lần" in response.content.decode()
    assert client_a.get(PAGES).status_code == 302


@required
def test_the_prompt_does_not_send_anywhere_off_the_site(client_a, staff):
    coordinator = staff("dieuphoi1", "coordinator")
    device = enrolled(coordinator)
    client_a.force_login(coordinator)

    response = client_a.post(VERIFY, {"code": code_now(device), "next": "https://evil.example/"})

    assert response.status_code == 302 and response["Location"] == "/quan-tri/"


@required
def test_a_recovery_code_works_once_and_not_twice(client_a, staff):
    coordinator = staff("dieuphoi1", "coordinator")
    enrolled(coordinator)
    code = twofactor.recovery_codes_generate(coordinator)[0]

    client_a.force_login(coordinator)
    first = client_a.post(VERIFY, {"code": code.upper(), "next": PAGES})
    assert first.status_code == 302 and first["Location"] == PAGES
    assert lands_on(client_a, PAGES).startswith(PAGES)
    assert twofactor.recovery_codes_left(coordinator) == 9
    assert not StaticToken.objects.filter(token=code).exists()

    client_a.logout()
    client_a.force_login(coordinator)
    second = client_a.post(VERIFY, {"code": code, "next": PAGES})
    assert second.status_code == 200 and "Mã không đúng" in second.content.decode()
    assert client_a.get(PAGES).status_code == 302


@required
def test_an_editor_without_a_device_is_not_asked(client_a, staff):
    editor = staff("bientap1", "editor")
    client_a.force_login(editor)

    assert lands_on(client_a, PAGES).startswith(PAGES)


@required
def test_an_editor_who_enrolled_must_use_the_device(client_a, staff):
    editor = staff("bientap1", "editor")
    enrolled(editor)
    client_a.force_login(editor)

    assert client_a.get(PAGES)["Location"].startswith(VERIFY)


@pytest.mark.parametrize("role", ["leader", "province_officer"])
@required
def test_leaders_and_province_officers_are_asked(client_a, staff, role):
    client_a.force_login(staff("canbo1", role))

    response = client_a.get("/quan-tri/")

    assert response.status_code == 302 and response["Location"].startswith(ENROL)


@required
def test_a_superuser_is_asked(client_a, admin_user):
    client_a.force_login(admin_user)

    response = client_a.get(PAGES)

    assert response.status_code == 302 and response["Location"].startswith(ENROL)


@override_settings(CCHC_2FA_REQUIRED=False)
def test_in_the_demo_a_coordinator_and_the_administrator_sign_in_with_the_password_alone(
    client_a, staff, admin_user
):
    client_a.post("/quan-tri/login/", {"username": "quantri", "password": PASSWORD})
    assert lands_on(client_a, PAGES).startswith(PAGES)
    client_a.logout()
    staff("dieuphoi1", "coordinator")
    client_a.post("/quan-tri/login/", {"username": "dieuphoi1", "password": PASSWORD})
    assert lands_on(client_a, PAGES).startswith(PAGES)


@required
def test_public_pages_are_not_interrupted(client_a, staff):
    client_a.force_login(staff("dieuphoi1", "coordinator"))

    assert client_a.get("/").status_code == 200


@required
def test_an_administrator_resets_a_lost_device_and_others_cannot(client_a, staff, admin_user):
    coordinator = staff("dieuphoi1", "coordinator")
    enrolled(coordinator)
    twofactor.recovery_codes_generate(coordinator)
    other = staff("dieuphoi2", "coordinator")
    other_device = enrolled(other)

    # A coordinator (verified with their own device) may not reset a colleague's.
    client_a.force_login(other)
    client_a.post(VERIFY, {"code": code_now(other_device)})
    assert refused(client_a.get(f"{RESET}?user={coordinator.pk}"))
    assert refused(client_a.post(RESET, {"user": coordinator.pk}))
    assert twofactor.has_device(coordinator)

    admin_device = enrolled(admin_user)
    client_a.force_login(admin_user)
    client_a.post(VERIFY, {"code": code_now(admin_device)})
    assert client_a.get(f"{RESET}?user={coordinator.pk}").status_code == 200
    assert client_a.get(f"{RESET}?user=²").status_code == 404
    assert client_a.post(RESET, {"user": coordinator.pk}).status_code == 302

    assert not twofactor.has_device(coordinator)
    assert twofactor.recovery_codes_left(coordinator) == 0
    assert ModelLogEntry.objects.filter(
        action="cchc.accounts.2fa_reset", object_id=str(coordinator.pk)
    ).exists()
    # Next time they sign in, their role sends them to enrol again.
    client_a.force_login(coordinator)
    assert client_a.get(PAGES)["Location"].startswith(ENROL)


def test_the_command_line_resets_a_lost_device(staff):
    """For the only administrator who lost phone and codes: from the server's shell."""
    coordinator = staff("dieuphoi1", "coordinator")
    enrolled(coordinator)
    twofactor.recovery_codes_generate(coordinator)
    out = io.StringIO()

    call_command("twofactor_reset", "dieuphoi1", stdout=out)

    assert "Đã gỡ xác thực hai lớp" in out.getvalue()
    assert not twofactor.has_device(coordinator)
    assert twofactor.recovery_codes_left(coordinator) == 0
    with pytest.raises(CommandError):
        call_command("twofactor_reset", "khong-co-ai")


def test_an_editor_enrols_by_choice_renews_codes_and_removes_the_app(client_a, staff):
    editor = staff("bientap1", "editor")
    client_a.force_login(editor)
    devices_page = "/quan-tri/xac-thuc/thiet-bi/"
    assert "Chưa bật" in client_a.get(devices_page).content.decode()
    assert "Xác thực hai lớp" in client_a.get("/quan-tri/account/").content.decode()

    client_a.get(ENROL)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert client_a.get(ENROL).status_code == 200
    assert TOTPDevice.objects.get(user=editor, confirmed=False) == device, "same key on reload"
    client_a.post(ENROL, {"code": code_now(device)})
    assert "Còn <strong>10</strong> mã dự phòng" in client_a.get(devices_page).content.decode()

    old = set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    renewed = client_a.post("/quan-tri/xac-thuc/ma-du-phong/")
    assert renewed.status_code == 200 and "no-store" in renewed["Cache-Control"]
    new = set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert len(new) == 10 and not old & new, "the earlier codes no longer work"

    client_a.post("/quan-tri/xac-thuc/go-bo/")
    assert not twofactor.has_device(editor) and twofactor.recovery_codes_left(editor) == 0
    assert lands_on(client_a, PAGES).startswith(PAGES), "optional for editors: not asked again"
