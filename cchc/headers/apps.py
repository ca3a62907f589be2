from __future__ import annotations

from django.apps import AppConfig


class HeadersConfig(AppConfig):
    name = "cchc.headers"
    label = "cchc_headers"
    verbose_name = "Tiêu đề bảo mật"

    def ready(self) -> None:
        from cchc.headers.widgets import start_choosers_without_inline_script

        start_choosers_without_inline_script()
