from __future__ import annotations

from django import forms
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form, whose password field has no label: Django named it after the
    field, "Password", in English whatever the language (WAGTAILADMIN_USER_LOGIN_FORM)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Mật khẩu"


class CodeForm(forms.Form):
    """The second factor: a 6-digit code from the app, or one of the recovery codes."""

    code = forms.CharField(
        label="Mã xác thực",
        max_length=40,
        help_text=(
            "6 chữ số trong ứng dụng xác thực trên điện thoại, hoặc một mã dự phòng "
            "(8 ký tự) nếu không có điện thoại bên mình."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="Mã 6 chữ số",
        max_length=40,
        help_text="Mã ứng dụng hiện ra sau khi quét mã QR (đổi sau mỗi 30 giây).",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
