from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static


@hooks.register("insert_global_admin_js")
def widget_init_js() -> SafeString:
    """Starts the admin widgets whose initialisers are data, not inline script (widgets.py)."""
    return format_html('<script src="{}"></script>', versioned_static("headers/widget-init.js"))
