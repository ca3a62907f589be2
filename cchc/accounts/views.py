"""Back-office views of sign-in: the code prompt, enrolment, recovery codes, and the
administrators' unlock and reset actions (URLs in wagtail_hooks, behind Wagtail's admin check)."""

from __future__ import annotations

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.log_actions import log

from cchc.accounts import lockout, twofactor
from cchc.accounts.forms import CodeForm, EnrolForm

UNLOCK = "cchc.accounts.unlock"
RESET = "cchc.accounts.2fa_reset"


def _next_url(request: HttpRequest) -> str:
    """Where to go after the prompt: the page first asked for, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def _superuser_only(request: HttpRequest) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not twofactor.has_device(user):
        if twofactor.required_for(user):
            return redirect_to_login(next_url, login_url=reverse("accounts_2fa_enrol"))
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = twofactor.verify(user, form.cleaned_data["code"])
        if result.device is not None:
            otp_login(request, result.device)
            if isinstance(result.device, StaticDevice):
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"Bạn vừa dùng một mã dự phòng, còn {left} mã. Mỗi mã chỉ dùng được một lần; "
                    "hãy tạo bộ mã mới trong mục «Xác thực hai lớp» khi sắp hết.",
                )
            return redirect(next_url)
        if result.wait_seconds:
            form.add_error(
                "code",
                f"Đã nhập sai nhiều lần. Hãy đợi {result.wait_seconds} giây rồi nhập lại.",
            )
        else:
            form.add_error("code", "Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện.")
    return TemplateResponse(request, "accounts/verify.html", {"form": form, "next": next_url})


def _qr_svg(config_url: str) -> str:
    image = qrcode.make(config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    # Generated from the device's own key and our issuer name only: no user input in it.
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if twofactor.has_device(user):
        messages.info(request, "Tài khoản đã có ứng dụng xác thực.")
        return redirect("accounts_2fa_devices")
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.enrolment_confirm(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            codes = twofactor.recovery_codes_generate(user)
            messages.success(request, "Đã bật xác thực hai lớp cho tài khoản.")
            return _codes_page(request, codes, next_url)
        form.add_error("code", "Mã không khớp. Hãy kiểm tra giờ trên điện thoại rồi nhập mã mới.")
    device = twofactor.enrolment_device(user)
    return TemplateResponse(
        request,
        "accounts/enrol.html",
        {
            "page_title": "Bật xác thực hai lớp",
            "header_icon": "key",
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": b32encode(device.bin_key).decode("ascii"),
            "required": twofactor.required_for(user),
            "next": next_url,
        },
    )


def _codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    response = TemplateResponse(
        request,
        "accounts/recovery_codes.html",
        {
            "page_title": "Mã dự phòng",
            "header_icon": "key",
            "codes": codes,
            "next": next_url,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def devices(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = twofactor.totp_device(user)
    return TemplateResponse(
        request,
        "accounts/devices.html",
        {
            "page_title": "Xác thực hai lớp",
            "header_icon": "key",
            "device": device,
            "codes_left": twofactor.recovery_codes_left(user) if device else 0,
            "required": twofactor.required_for(user),
        },
    )


@never_cache
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    if not twofactor.has_device(request.user):
        messages.error(request, "Hãy bật ứng dụng xác thực trước khi tạo mã dự phòng.")
        return redirect("accounts_2fa_devices")
    codes = twofactor.recovery_codes_generate(request.user)
    return _codes_page(request, codes, reverse("accounts_2fa_devices"))


@require_POST
def devices_remove(request: HttpRequest) -> HttpResponse:
    twofactor.devices_remove(request.user)
    messages.success(request, "Đã gỡ ứng dụng xác thực và các mã dự phòng của tài khoản.")
    return redirect("accounts_2fa_devices")


def _user_from(value: str):
    if not str(value).isascii() or not str(value).isdigit():
        raise Http404
    user = get_user_model().objects.filter(pk=int(value)).first()
    if user is None:
        raise Http404
    return user


@never_cache
@require_http_methods(["GET", "POST"])
def devices_reset(request: HttpRequest) -> HttpResponse:
    """An administrator forgets a staff member's device (a lost phone with no recovery codes)."""
    _superuser_only(request)
    target = _user_from(request.POST.get("user") or request.GET.get("user") or "")
    if request.method == "POST":
        removed = twofactor.devices_remove(target)
        log(instance=target, action=RESET, user=request.user, data={"username": target.username})
        if removed:
            messages.success(
                request,
                f"Đã đặt lại xác thực hai lớp của «{target.get_username()}». Lần đăng nhập sau, "
                "người này đăng ký lại ứng dụng xác thực (nếu vai trò bắt buộc).",
            )
        else:
            messages.info(request, f"«{target.get_username()}» chưa đăng ký thiết bị nào.")
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/devices_reset.html",
        {
            "page_title": "Đặt lại xác thực hai lớp",
            "header_icon": "key",
            "target": target,
            "has_device": twofactor.has_device(target),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def lockouts(request: HttpRequest) -> HttpResponse:
    """Sign-ins locked after repeated wrong passwords, and the unlock button (administrators)."""
    _superuser_only(request)
    if request.method == "POST":
        username = request.POST.get("username", "")[:255]
        ip_address = request.POST.get("ip_address", "")[:64]
        if lockout.unlock(username=username, ip_address=ip_address):
            target = get_user_model().objects.filter(username=username).first()
            if target is not None:
                log(
                    instance=target,
                    action=UNLOCK,
                    user=request.user,
                    data={"username": username, "ip_address": ip_address},
                )
            messages.success(request, f"Đã mở khóa đăng nhập cho «{username}» từ {ip_address}.")
        else:
            messages.info(request, "Không còn khóa nào như vậy (có thể đã hết thời gian khóa).")
        return redirect("accounts_lockouts")
    return TemplateResponse(
        request,
        "accounts/lockouts.html",
        {
            "page_title": "Khóa đăng nhập",
            "header_icon": "lock",
            "lockouts": lockout.current_lockouts(),
            "minutes": lockout.cool_off_minutes(request),
            "limit": settings.AXES_FAILURE_LIMIT,
        },
    )
