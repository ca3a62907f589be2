"""The floor of a Django deployment: one view returning the home page's bytes, no middleware.

Served by gunicorn exactly like the portal, so the gap between the two is what the portal's
middleware, routing, queries and templates cost. BENCH_HTML names the file to serve.
"""

from __future__ import annotations

import os
from pathlib import Path

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-minimal-not-secret",  # noqa: S106 - loopback-only benchmark process
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
    DATABASES={},
)
django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import re_path  # noqa: E402

_BODY = Path(os.environ["BENCH_HTML"]).read_bytes()


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [re_path(r"", page)]
application = WSGIHandler()
