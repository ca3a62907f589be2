"""Login lockout per (account, address) pair, its Vietnamese page, the log and the unlock action."""

from __future__ import annotations

import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import ModelLogEntry

from cchc.accounts.tests.conftest import PASSWORD

LOGIN = "/quan-tri/login/"
LOCKOUTS = "/quan-tri/khoa-dang-nhap/"
WRONG = "sai-mat-khau"
IP1 = "203.0.113.10"
IP2 = "198.51.100.20"

pytestmark = pytest.mark.django_db


def sign_in(client, username: str, password: str, ip: str = IP1, **extra):
    client.logout()
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def lock_out(client, username: str, ip: str = IP1, **extra):
    """Five wrong passwords in a row; returns the last answer."""
    for _ in range(4):
        response = sign_in(client, username, WRONG, ip, **extra)
        assert response.status_code == 200, "a wrong password before the limit: the form again"
    return sign_in(client, username, WRONG, ip, **extra)


def assert_lockout_page(response, username: str) -> None:
    assert response.status_code == 429
    text = response.content.decode()
    assert "Tạm khóa đăng nhập" in text
    assert f"«{username}»" in text
    assert "5 lần" in text
    assert "30 phút" in text, "the page says how long to wait"
    assert "quản trị hệ thống mở khóa" in text, "and whom to ask instead"


def test_five_wrong_passwords_lock_the_pair_even_against_the_right_password(client_a, staff):
    staff("bientap1")

    assert_lockout_page(lock_out(client_a, "bientap1"), "bientap1")

    response = sign_in(client_a, "bientap1", PASSWORD)
    assert_lockout_page(response, "bientap1")
    assert not signed_in(client_a)


def test_the_same_account_from_another_address_still_signs_in(client_a, staff):
    staff("bientap1")
    lock_out(client_a, "bientap1", IP1)

    response = sign_in(client_a, "bientap1", PASSWORD, IP2)

    assert response.status_code == 302
    assert signed_in(client_a)


def test_another_account_from_the_locked_address_still_signs_in(client_a, staff):
    staff("bientap1")
    staff("bientap2")
    lock_out(client_a, "bientap1", IP1)

    response = sign_in(client_a, "bientap2", PASSWORD, IP1)

    assert response.status_code == 302
    assert signed_in(client_a)


def test_attempts_are_logged_with_account_and_address(client_a, staff):
    staff("bientap1")
    lock_out(client_a, "bientap1", IP1)
    sign_in(client_a, "bientap1", PASSWORD, IP2)

    failures = AccessFailureLog.objects.filter(username="bientap1", ip_address=IP1)
    assert failures.count() >= 5
    attempt = AccessAttempt.objects.get(username="bientap1", ip_address=IP1)
    assert attempt.failures_since_start == 5
    assert AccessLog.objects.filter(username="bientap1", ip_address=IP2).count() == 1


def test_a_right_password_before_the_limit_clears_earlier_typos(client_a, staff):
    staff("bientap1")
    for _ in range(4):
        sign_in(client_a, "bientap1", WRONG)
    assert sign_in(client_a, "bientap1", PASSWORD).status_code == 302

    # Four more typos later do not reach the limit: the count started again.
    for _ in range(4):
        assert sign_in(client_a, "bientap1", WRONG).status_code == 200
    assert sign_in(client_a, "bientap1", PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_limit_is_a_setting(client_a, staff):
    staff("bientap1")
    for _ in range(2):
        assert sign_in(client_a, "bientap1", WRONG).status_code == 200
    assert sign_in(client_a, "bientap1", WRONG).status_code == 429


@override_settings(CCHC_TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(client_a, staff):
    """Same rule as the visit counter: only the entry our proxy appended is believed."""
    staff("bientap1")
    proxy = "10.0.0.1"
    lock_out(client_a, "bientap1", proxy, HTTP_X_FORWARDED_FOR=IP1)

    # The client pretends to be someone else at the left of the header: still locked.
    spoofed = sign_in(
        client_a, "bientap1", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {IP1}"
    )
    assert spoofed.status_code == 429
    # Another office behind the same proxy is a different address.
    other = sign_in(client_a, "bientap1", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=IP2)
    assert other.status_code == 302
    assert AccessAttempt.objects.filter(ip_address=IP1).exists()
    assert not AccessAttempt.objects.filter(ip_address=proxy).exists()


def test_an_administrator_sees_the_lockout_and_unlocks_it(client_a, staff, admin_user):
    user = staff("bientap1")
    lock_out(client_a, "bientap1", IP1)

    client_a.force_login(admin_user)
    listing = client_a.get(LOCKOUTS)
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "bientap1" in text and IP1 in text and "Mở khóa" in text

    response = client_a.post(LOCKOUTS, {"username": "bientap1", "ip_address": IP1})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="bientap1", ip_address=IP1).exists()
    entry = ModelLogEntry.objects.get(action="cchc.accounts.unlock")
    assert entry.user_id == admin_user.pk and entry.object_id == str(user.pk)
    assert "không có tài khoản nào bị khóa" in client_a.get(LOCKOUTS).content.decode()

    assert sign_in(client_a, "bientap1", PASSWORD, IP1).status_code == 302


def test_unlocking_one_pair_leaves_the_others_locked(client_a, staff, admin_user):
    staff("bientap1")
    staff("bientap2")
    lock_out(client_a, "bientap1", IP1)
    lock_out(client_a, "bientap2", IP1)

    client_a.force_login(admin_user)
    client_a.post(LOCKOUTS, {"username": "bientap1", "ip_address": IP1})
    # Half a pair would mean "every address" or "every account" to axes: refused.
    client_a.post(LOCKOUTS, {"username": "bientap2", "ip_address": ""})

    assert sign_in(client_a, "bientap2", PASSWORD, IP1).status_code == 429
    assert sign_in(client_a, "bientap1", PASSWORD, IP1).status_code == 302


def test_only_administrators_reach_the_lockouts(client_a, staff):
    staff("bientap1")
    lock_out(client_a, "bientap1", IP1)
    coordinator = staff("dieuphoi1", role="coordinator")

    client_a.force_login(coordinator)
    # Wagtail's answer to PermissionDenied in the back office: home, with a message.
    for response in (
        client_a.get(LOCKOUTS),
        client_a.post(LOCKOUTS, {"username": "bientap1", "ip_address": IP1}),
    ):
        assert response.status_code == 302 and response["Location"] == "/quan-tri/"
    assert AccessAttempt.objects.filter(username="bientap1", ip_address=IP1).exists()
    client_a.logout()
    anonymous = client_a.get(LOCKOUTS)
    assert anonymous.status_code == 302 and "/quan-tri/login/" in anonymous["Location"]


@pytest.mark.parametrize(
    ("required", "says"),
    [(False, "chỉ bằng mật khẩu"), (True, "Xác thực hai lớp: BẬT")],
)
def test_demo_info_says_when_the_demo_logins_need_a_second_factor(required, says):
    out = io.StringIO()
    with override_settings(CCHC_2FA_REQUIRED=required):
        call_command("demo_info", stdout=out)

    text = out.getvalue()
    assert says in text
    assert "admin / " in text, "the logins are still printed"
    assert "5 lần liên tiếp" in text and "30 phút" in text


def test_a_sign_in_without_a_valid_address_is_logged_without_one(client, staff):
    """`force_login` builds a request with no REMOTE_ADDR; PostgreSQL's inet column refuses
    anything but an address, so the log gets none rather than a made-up string."""
    from django.test import RequestFactory

    from cchc.accounts.lockout import request_client_ip

    factory = RequestFactory()
    assert request_client_ip(factory.get("/", REMOTE_ADDR="203.0.113.9")) == "203.0.113.9"
    assert request_client_ip(factory.get("/", REMOTE_ADDR="")) is None
    assert request_client_ip(factory.get("/", REMOTE_ADDR="not-an-address")) is None
    user = staff("khong-dia-chi")
    client.force_login(user)
    assert AccessLog.objects.filter(username="khong-dia-chi", ip_address=None).exists()
