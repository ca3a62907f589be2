"""Wagtail 8's admin widgets without inline `<script>`, so the back office's CSP can refuse it.

Wagtail writes `<script>new ImageChooser("id_image", {...});</script>` after every chooser of a
form field (`BaseChooser.render`) and `<script>initDateChooser(...)</script>` after date and time
inputs (the templates overridden in `templates/wagtailadmin/widgets/`). Here the same call is
written as data on a hidden element; `static/headers/widget-init.js` (a Stimulus controller,
loaded on every admin page) makes it. The calls, their arguments and their timing are Wagtail's.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

_WAGTAIL_RENDER = BaseChooser.render
_WAGTAIL_JS_INIT = BaseChooser.render_js_init


def init_element(call: str, args: list[Any], construct: bool = False) -> SafeString:
    """The hidden element widget-init.js turns into `[new] call(*args)`."""
    return format_html(
        '<span hidden data-controller="cchc-init" data-cchc-init-call-value="{}"'
        ' data-cchc-init-args-value="{}"{}></span>',
        call,
        json.dumps(args),
        SafeString(' data-cchc-init-construct-value="true"') if construct else "",
    )


def _render(self: BaseChooser, name: str, value: Any, attrs=None, renderer=None) -> SafeString:  # type: ignore[no-untyped-def]
    """BaseChooser.render, with the initialiser as data instead of an inline script."""
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as exc:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from exc
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    if isinstance(self, AdminTaskChooser):  # its render_js_init is createTaskChooser(id)
        init = init_element("createTaskChooser", [id_])
    elif type(self).render_js_init is _WAGTAIL_JS_INIT:
        opts = self.get_js_init_options(id_, name, value_data)
        init = init_element(self.js_constructor, [id_, opts], construct=True)
    else:
        # Another initialiser than Wagtail's: keep its inline script (the admin CSP test of
        # the page that shows it then names it).
        return _WAGTAIL_RENDER(self, name, value, attrs, renderer)
    return format_html("{}{}", widget_html, init)


def start_choosers_without_inline_script() -> None:
    BaseChooser.render = _render  # type: ignore[method-assign]
