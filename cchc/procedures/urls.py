"""Public URLs of the procedures app.

Wagtail's own page URL pattern only allows letters, digits, "-" and "_" in a path segment, so a
procedure page such as /cai-cach-hanh-chinh/thu-tuc-hanh-chinh/1.001193/ never reaches Wagtail.
This pattern lets paths ending in a national procedure code through to Wagtail's normal page
routing (site lookup, privacy, hooks); ProcedureIndexPage's routable `<code>/` view answers them,
and any other page answers 404 as usual.
"""

from __future__ import annotations

from django.urls import re_path
from wagtail import views as wagtail_views

urlpatterns = [
    re_path(
        r"^((?:[\w\-]+/)+[0-9]{1,2}\.[0-9]{6}/)$",
        wagtail_views.serve,
        name="procedure_page",
    ),
]
